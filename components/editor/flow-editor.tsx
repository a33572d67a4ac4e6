'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { ArrowLeft, Maximize, Phone, Redo2, Undo2 } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type DragEvent, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { ActivityPanel, ActivityToggle, useActivityEdges } from './activity/activity';
import { Checklist } from './checklist';
import type { EditorResources } from './compile-resources';
import { DiffLegend, useCanvasGraph } from './diff-view';
import { ArrangeButton, ExportButton, ImportButton } from './editor-tools';
import { nodeTypes } from './flow-node';
import { Inspector } from './inspector';
import { NodeSearch } from './node-search';
import { DRAG_TYPE, Palette } from './palette';
import { PublishButton } from './publish-dialog';
import { EditorStoreProvider, useEditorStore, useEditorStoreApi } from './store/editor-store-provider';
import type { Panel } from './store/types';
import { TestPhone } from './test-phone/test-phone';
import { useTestRunEdges } from './test-phone/use-test-run-edges';
import { type SaveStatus, useAutosave } from './use-autosave';
import { useLiveValidation } from './use-live-validation';
import { VersionsPanel } from './versions-panel';

export type EditorFlow = {
  id: string;
  name: string;
  organizationId: string;
  draft: FlowGraph;
  draftRevision: number;
};

export function FlowEditor(props: { flow: EditorFlow; resources: EditorResources; canEdit: boolean }) {
  return (
    <EditorStoreProvider graph={props.flow.draft}>
      <ReactFlowProvider>
        <EditorLayout {...props} />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

function EditorLayout({
  flow,
  resources,
  canEdit,
}: {
  flow: EditorFlow;
  resources: EditorResources;
  canEdit: boolean;
}) {
  const t = useTranslations('editor');
  useLiveValidation(flow.id, resources, flow.organizationId);
  const autosave = useAutosave(flow.id, flow.draftRevision, canEdit);
  const [testing, setTesting] = useState(false);
  useUndoShortcuts(canEdit);
  const { panel, setPanel, errorCount, undo, redo, canUndo, canRedo } = useEditorStore(
    useShallow((s) => ({
      panel: s.panel,
      setPanel: s.setPanel,
      errorCount: s.problems.length,
      undo: s.undo,
      redo: s.redo,
      canUndo: s.past.length > 0,
      canRedo: s.future.length > 0,
    })),
  );
  const rf = useReactFlow();
  const tabs: { id: Panel; label: string }[] = [
    { id: 'inspector', label: t('inspector') },
    { id: 'checklist', label: t('problemsCount', { count: errorCount }) },
    { id: 'versions', label: t('versions') },
  ];
  return (
    <div className="-mx-8 -my-6 flex h-[calc(100vh-57px)] flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
        <Link href="/flows" className="flex items-center gap-1 text-sm text-brand-700 hover:underline">
          <ArrowLeft aria-hidden className="size-4" />
          {t('backToFlows')}
        </Link>
        <h1 className="truncate text-lg font-semibold">{flow.name}</h1>
        <div role="toolbar" aria-label={t('toolbar')} className="ml-4 flex items-center gap-1">
          <IconButton label={t('undo')} disabled={!canEdit || !canUndo} onClick={undo}>
            <Undo2 aria-hidden className="size-4" />
          </IconButton>
          <IconButton label={t('redo')} disabled={!canEdit || !canRedo} onClick={redo}>
            <Redo2 aria-hidden className="size-4" />
          </IconButton>
          <IconButton label={t('fitView')} onClick={() => void rf.fitView({ duration: 300 })}>
            <Maximize aria-hidden className="size-4" />
          </IconButton>
          <NodeSearch />
          <ArrangeButton disabled={!canEdit} />
          <ExportButton flowId={flow.id} {...(canEdit ? { autosave } : {})} />
          {canEdit ? <ImportButton flowId={flow.id} autosave={autosave} /> : null}
          <ActivityToggle flowId={flow.id} />
        </div>
        <div className="ml-auto flex items-center gap-3">
          {canEdit ? <SaveIndicator status={autosave.status} /> : null}
          {canEdit ? (
            <button
              type="button"
              aria-pressed={testing}
              onClick={() => setTesting((v) => !v)}
              className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              <Phone aria-hidden className="size-4" />
              {t('testPhone.button')}
            </button>
          ) : null}
          {canEdit ? (
            <PublishButton
              flowId={flow.id}
              flush={autosave.flush}
              revision={autosave.revision}
              onPublished={() => setPanel('versions')}
            />
          ) : null}
        </div>
      </div>
      {autosave.status === 'conflict' ? <ConflictBanner onReload={() => void autosave.reload()} /> : null}
      <div className="flex min-h-0 flex-1">
        {canEdit ? (
          <aside className="w-60 shrink-0 border-r border-slate-200 bg-slate-50">
            <Palette />
          </aside>
        ) : null}
        <div className="min-w-0 flex-1">
          <Canvas canEdit={canEdit} />
        </div>
        {testing ? (
          <TestPhone flowId={flow.id} flush={autosave.flush} onClose={() => setTesting(false)} />
        ) : null}
        <ActivityPanel flowId={flow.id} />
        <aside className="flex w-96 shrink-0 flex-col border-l border-slate-200 bg-white">
          <div role="tablist" aria-label={t('panels')} className="flex border-b border-slate-200">
            {tabs.map((tab) => (
              <button
                key={tab.id}
                type="button"
                role="tab"
                id={`tab-${tab.id}`}
                aria-selected={panel === tab.id}
                aria-controls={`panel-${tab.id}`}
                onClick={() => setPanel(tab.id)}
                className={`flex-1 px-2 py-2 text-sm ${panel === tab.id ? 'border-b-2 border-brand-600 font-medium text-brand-700' : 'text-slate-600'}`}
              >
                {tab.label}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id={`panel-${panel}`}
            aria-labelledby={`tab-${panel}`}
            className="min-h-0 flex-1 overflow-y-auto"
          >
            {panel === 'inspector' ? <Inspector resources={resources} readOnly={!canEdit} /> : null}
            {panel === 'checklist' ? <Checklist /> : null}
            {panel === 'versions' ? <VersionsPanel flowId={flow.id} readOnly={!canEdit} /> : null}
          </div>
        </aside>
      </div>
    </div>
  );
}

function Canvas({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('editor');
  const { nodes, edges, onNodesChange, onEdgesChange, connect, canConnect, addNode } = useEditorStore(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
      connect: s.connect,
      canConnect: s.canConnect,
      addNode: s.addNode,
    })),
  );
  const rf = useReactFlow();
  const shown = useCanvasGraph(nodes, edges, onNodesChange);
  const shownEdges = useActivityEdges(useTestRunEdges(shown.edges));
  const onDrop = (e: DragEvent) => {
    const kind = e.dataTransfer.getData(DRAG_TYPE);
    if (!kind || !canEdit) return;
    e.preventDefault();
    addNode(kind, { position: rf.screenToFlowPosition({ x: e.clientX - 20, y: e.clientY - 20 }) });
  };
  return (
    <section aria-label={t('canvas')} className="h-full" data-testid="canvas">
      <ReactFlow
        nodes={shown.nodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        onNodesChange={shown.onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={(c) => void connect(c)}
        isValidConnection={canConnect}
        onDrop={onDrop}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }}
        deleteKeyCode={canEdit ? ['Backspace', 'Delete'] : null}
        nodesDraggable={canEdit}
        nodesConnectable={canEdit}
        minZoom={0.1}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel={t('minimap')} />
        {shown.diff ? <DiffLegend diff={shown.diff} /> : null}
      </ReactFlow>
    </section>
  );
}

function useUndoShortcuts(enabled: boolean) {
  const store = useEditorStoreApi();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      // Text fields keep their own undo.
      const target = e.target;
      if (
        target instanceof HTMLElement &&
        target.closest('input, textarea, select, [contenteditable="true"]')
      )
        return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) store.getState().undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') store.getState().redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, store]);
}

function IconButton({
  label,
  disabled,
  onClick,
  children,
}: {
  label: string;
  disabled?: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded p-1.5 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:text-slate-400"
    >
      {children}
    </button>
  );
}

function SaveIndicator({ status }: { status: SaveStatus }) {
  const t = useTranslations('editor');
  return (
    <span role="status" className="text-xs text-slate-600" data-testid="save-status" data-status={status}>
      {t(`saveStatus.${status}`)}
    </span>
  );
}

function ConflictBanner({ onReload }: { onReload: () => void }) {
  const t = useTranslations('editor');
  return (
    <div
      role="alert"
      className="flex items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
    >
      <span>{t('conflict')}</span>
      <button
        type="button"
        onClick={onReload}
        className="rounded border border-amber-400 bg-white px-2 py-1 font-medium"
      >
        {t('reload')}
      </button>
    </div>
  );
}
