'use client';

import '@xyflow/react/dist/style.css';
import {
  type Connection,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { ArrowLeft, Maximize, Phone, Redo2, Undo2 } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SimulatorBanner } from '@/components/telephony/simulator-banner';
import { Button } from '@/components/ui/button';
import { Tabs } from '@/components/ui/tabs';
import type { ChannelModes } from '@/server/services/telephony/channels-from-env';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { ActivityPanel, ActivityToggle, useActivityEdges } from './activity/activity';
import { EditingTools } from './canvas-editing';
import { canvasNodeTypes } from './canvas-node-types';
import { CanvasBackground, CompactZoomProvider } from './canvas-zoom';
import { Checklist } from './checklist';
import type { EditorResources } from './compile-resources';
import { ConnectDialog } from './connect-dialog';
import { DiffLegend, useCanvasGraph } from './diff-view';
import { ArrangeButton, ExportButton, ImportButton } from './editor-tools';
import { canvasEdgeTypes } from './flow-edge';
import type { FlowEdge } from './graph-convert';
import { Inspector } from './inspector';
import { NodeSearch } from './node-search';
import { CanvasEditableContext } from './notes/sticky-note';
import { useCanvasNotes } from './notes/use-canvas-notes';
import { DRAG_TYPE, NOTE_DRAG_TYPE, Palette } from './palette';
import { PublishButton } from './publish-dialog';
import { ResourceNamesProvider } from './resource-names';
import { SelectionToolbar } from './selection-toolbar';
import { EditorStoreProvider, useEditorStore, useEditorStoreApi } from './store/editor-store-provider';
import type { Panel } from './store/types';
import { TestPhone } from './test-phone/test-phone';
import { useTestRunEdges } from './test-phone/use-test-run-edges';
import { ScenariosPanel } from './test-scenarios/scenarios-panel';
import { type SaveStatus, useAutosave } from './use-autosave';
import { useEdgeLabels, useFlowAriaLabels } from './use-canvas-a11y';
import { useLiveValidation } from './use-live-validation';
import { VersionsPanel } from './versions-panel';

type EditorFlow = {
  id: string;
  name: string;
  organizationId: string;
  draft: FlowGraph;
  draftRevision: number;
  latestVersion: number;
  publishedRevision: number | null;
};

export function FlowEditor(props: {
  flow: EditorFlow;
  resources: EditorResources;
  canEdit: boolean;
  /** Which adapter carries each channel: the simulator banner shows when calls and messages are simulated. */
  channelModes?: ChannelModes;
}) {
  return (
    <EditorStoreProvider graph={props.flow.draft}>
      <ResourceNamesProvider resources={props.resources}>
        <ReactFlowProvider>
          <EditorLayout {...props} />
        </ReactFlowProvider>
      </ResourceNamesProvider>
    </EditorStoreProvider>
  );
}

function EditorLayout({
  flow,
  resources,
  canEdit,
  channelModes,
}: {
  flow: EditorFlow;
  resources: EditorResources;
  canEdit: boolean;
  channelModes?: ChannelModes | undefined;
}) {
  const t = useTranslations('editor');
  const tScenarios = useTranslations('testScenarios');
  useLiveValidation(flow.id, resources, flow.organizationId);
  const autosave = useAutosave(flow.id, flow.draftRevision, canEdit);
  const [testing, setTesting] = useState(false);
  // Two published versions compared on the canvas hide the draft: nothing may edit it unseen.
  const editable = useEditorStore((s) => canEdit && s.diffTarget === null);
  useUndoShortcuts(editable);
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
  // Saved test scenarios run the draft on the engine: designers and admins only, like «Probar».
  if (canEdit) tabs.push({ id: 'scenarios', label: tScenarios('tab') });
  return (
    <div className="-mx-8 -my-6 flex h-[calc(100vh-57px)] flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
        <Link href="/flows" className="flex items-center gap-1 text-sm text-brand-700 hover:underline">
          <ArrowLeft aria-hidden className="size-4" />
          {t('backToFlows')}
        </Link>
        <h1 className="truncate text-lg font-semibold">{flow.name}</h1>
        <div role="toolbar" aria-label={t('toolbar')} className="ml-4 flex items-center gap-1">
          <IconButton label={t('undo')} disabled={!editable || !canUndo} onClick={undo}>
            <Undo2 aria-hidden className="size-4" />
          </IconButton>
          <IconButton label={t('redo')} disabled={!editable || !canRedo} onClick={redo}>
            <Redo2 aria-hidden className="size-4" />
          </IconButton>
          <IconButton label={t('fitView')} onClick={() => void rf.fitView({ duration: 300 })}>
            <Maximize aria-hidden className="size-4" />
          </IconButton>
          <NodeSearch />
          <EditingTools flowId={flow.id} canEdit={editable} />
          <ArrangeButton disabled={!editable} />
          <ExportButton flowId={flow.id} {...(canEdit ? { autosave } : {})} />
          {editable ? <ImportButton flowId={flow.id} autosave={autosave} /> : null}
          <ActivityToggle flowId={flow.id} />
        </div>
        <div className="ml-auto flex items-center gap-3">
          {canEdit ? <SaveIndicator status={autosave.status} /> : null}
          {canEdit ? (
            <Button
              variant="secondary"
              size="sm"
              aria-pressed={testing}
              onClick={() => setTesting((v) => !v)}
            >
              <Phone aria-hidden className="size-4" />
              {t('testPhone.button')}
            </Button>
          ) : null}
          {canEdit ? (
            <PublishButton
              flowId={flow.id}
              flush={autosave.flush}
              revision={autosave.revision}
              saveStatus={autosave.status}
              published={{ version: flow.latestVersion, revision: flow.publishedRevision }}
              onPublished={() => setPanel('versions')}
            />
          ) : null}
        </div>
      </div>
      {autosave.status === 'conflict' ? <ConflictBanner onReload={() => void autosave.reload()} /> : null}
      {channelModes ? (
        <SimulatorBanner modes={channelModes} className="rounded-none border-x-0 border-t-0 py-1.5" />
      ) : null}
      <div className="flex min-h-0 flex-1">
        {editable ? (
          <aside className="w-60 shrink-0 border-r border-slate-200 bg-slate-50">
            <Palette />
          </aside>
        ) : null}
        <div className="min-w-0 flex-1">
          <CompactZoomProvider>
            <Canvas canEdit={editable} />
          </CompactZoomProvider>
        </div>
        {testing ? (
          <TestPhone
            flowId={flow.id}
            flush={autosave.flush}
            onClose={() => setTesting(false)}
            queues={resources.queues}
            onScenarioSaved={() => setPanel('scenarios')}
          />
        ) : null}
        <ActivityPanel flowId={flow.id} />
        <ConnectDialog enabled={editable} />
        <aside className="flex w-96 shrink-0 flex-col border-l border-slate-200 bg-white">
          <Tabs
            label={t('panels')}
            items={tabs}
            value={panel}
            onChange={setPanel}
            stretch
            panelClassName="min-h-0 flex-1 overflow-y-auto"
          >
            {panel === 'inspector' ? <Inspector resources={resources} readOnly={!editable} /> : null}
            {panel === 'checklist' ? <Checklist /> : null}
            {panel === 'versions' ? (
              <VersionsPanel flowId={flow.id} readOnly={!canEdit} {...(canEdit ? { autosave } : {})} />
            ) : null}
            {panel === 'scenarios' && canEdit ? (
              <ScenariosPanel flowId={flow.id} flush={autosave.flush} />
            ) : null}
          </Tabs>
        </aside>
      </div>
    </div>
  );
}

function Canvas({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('editor');
  const { nodes, edges, onNodesChange, onEdgesChange, connect, canConnect, reconnect, addNode, addNote } =
    useEditorStore(
      useShallow((s) => ({
        nodes: s.nodes,
        edges: s.edges,
        onNodesChange: s.onNodesChange,
        onEdgesChange: s.onEdgesChange,
        connect: s.connect,
        canConnect: s.canConnect,
        reconnect: s.reconnect,
        addNode: s.addNode,
        addNote: s.addNote,
      })),
    );
  // While an edge's end is dragged to a new target, its own port is not "taken" by it.
  const reconnecting = useRef<string | null>(null);
  const isValidConnection = (c: Connection | FlowEdge) =>
    canConnect(reconnecting.current && !('id' in c) ? { ...c, id: reconnecting.current } : c);
  const rf = useReactFlow();
  const shown = useCanvasGraph(nodes, edges, onNodesChange);
  const shownEdges = useActivityEdges(useTestRunEdges(shown.edges));
  // Sticky notes ride along as nodes of their own type; edges get names screen readers can say.
  const canvasNodes = useCanvasNotes(shown.nodes, shown.onNodesChange);
  const labelledEdges = useEdgeLabels(shownEdges, shown.nodes);
  const ariaLabelConfig = useFlowAriaLabels(canEdit);
  const onDrop = (e: DragEvent) => {
    if (canEdit && e.dataTransfer.types.includes(NOTE_DRAG_TYPE)) {
      e.preventDefault();
      addNote(rf.screenToFlowPosition({ x: e.clientX - 20, y: e.clientY - 20 }));
      return;
    }
    const kind = e.dataTransfer.getData(DRAG_TYPE);
    if (!kind || !canEdit) return;
    e.preventDefault();
    addNode(kind, { position: rf.screenToFlowPosition({ x: e.clientX - 20, y: e.clientY - 20 }) });
  };
  return (
    <section aria-label={t('canvas')} className="h-full" data-testid="canvas">
      <CanvasEditableContext value={canEdit}>
        <ReactFlow
          nodes={canvasNodes.nodes}
          edges={labelledEdges}
          nodeTypes={canvasNodeTypes}
          edgeTypes={canvasEdgeTypes}
          defaultEdgeOptions={RECONNECT_TARGET_ONLY}
          ariaLabelConfig={ariaLabelConfig}
          onNodesChange={canvasNodes.onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={(c) => void connect(c)}
          isValidConnection={isValidConnection}
          {...(canEdit
            ? {
                onReconnectStart: (_: unknown, edge: FlowEdge) => {
                  reconnecting.current = edge.id;
                },
                onReconnect: (edge: FlowEdge, c: Connection) => void reconnect(edge.id, c.target),
                onReconnectEnd: () => {
                  reconnecting.current = null;
                },
              }
            : {})}
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
          <CanvasBackground />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable ariaLabel={t('minimap')} />
          {shown.diff ? <DiffLegend diff={shown.diff} /> : null}
          {canEdit ? <SelectionToolbar /> : null}
        </ReactFlow>
      </CanvasEditableContext>
    </section>
  );
}

/** A connection is re-pointed by dragging its arrow end; its port stays where it is. */
const RECONNECT_TARGET_ONLY = { reconnectable: 'target' } as const;

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
    <Button
      variant="ghost"
      size="icon"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </Button>
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
      <Button variant="secondary" size="xs" onClick={onReload}>
        {t('reload')}
      </Button>
    </div>
  );
}
