'use client';

import { Cable, Trash2 } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { defaultNodeName } from '@/workflows/kinds/node-name';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import type { EditorResources } from './compile-resources';
import { EdgeInspector } from './edge-inspector';
import { formSpecOf } from './field-spec';
import { INSPECTOR_OVERRIDES } from './nodes/inspector-overrides';
import { useNameOf } from './resource-names';
import { SchemaForm } from './schema-form';
import { useEditorStore, useEditorStoreApi } from './store/editor-store-provider';
import { NODE_NAME_MAX } from './store/graph-slice';
import { useAvailableVariables } from './use-available-variables';
import { nodeTitle } from './use-canvas-a11y';

export function Inspector({ resources, readOnly }: { resources: EditorResources; readOnly: boolean }) {
  const t = useTranslations('editor');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const selected = useEditorStore(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  const node = useEditorStore((s) =>
    selected.length === 1 ? s.nodes.find((n) => n.id === selected[0]) : undefined,
  );
  const problems = useEditorStore((s) => s.problems);
  const { updateConfig, renameNode, deleteSelected, focus, clearFocus, setConnectingFrom } = useEditorStore(
    useShallow((s) => ({
      updateConfig: s.updateConfig,
      renameNode: s.renameNode,
      deleteSelected: s.deleteSelected,
      focus: s.focus,
      clearFocus: s.clearFocus,
      setConnectingFrom: s.setConnectingFrom,
    })),
  );
  const selectedEdge = useEditorStore((s) => {
    const edges = s.edges.filter((e) => e.selected);
    return edges.length === 1 ? (edges[0]?.id ?? null) : null;
  });
  const canvas = useTranslations('editorCanvas');
  const variables = useAvailableVariables(node?.id, resources.citizenFields);
  const form = useRef<HTMLDivElement>(null);
  const nameOf = useNameOf();
  const store = useEditorStoreApi();
  const nodeId = node?.id ?? null;
  const root = useRef<HTMLElement>(null);
  // The panel scrolls as a whole: another node's settings start at the top, not where the last one was.
  useLayoutEffect(() => {
    if (nodeId) root.current?.closest('[role="tabpanel"]')?.scrollTo({ top: 0 });
  }, [nodeId]);

  useEffect(() => {
    if (!focus || !node || focus.nodeId !== node.id || !form.current) return;
    const target =
      findField(form.current, focus.field) ?? form.current.querySelector<HTMLElement>('[data-field]');
    target?.focus();
    clearFocus();
  }, [focus, node, clearFocus]);

  if (selected.length > 1)
    return <p className="p-4 text-sm text-slate-600">{t('manySelected', { count: selected.length })}</p>;
  if (!node && selectedEdge) return <EdgeInspector edgeId={selectedEdge} readOnly={readOnly} />;
  if (!node) return <p className="p-4 text-sm text-slate-600">{t('selectNode')}</p>;
  const def = findNodeDefinition(node.data.kind);
  if (!def) return <p className="p-4 text-sm text-red-700">{t('unknownKind', { kind: node.data.kind })}</p>;
  const own = problems.filter((p) => p.nodeId === node.id);
  const fieldErrors = new Map(own.flatMap((p) => (p.field ? [[p.field, p.message[locale]] as const] : [])));
  const Override = INSPECTOR_OVERRIDES[def.kind];
  const ctx = { resources, variables, fieldErrors, readOnly };
  const onChange = (config: Record<string, unknown>, field: string) => {
    const removed = updateConfig(node.id, config, field);
    if (removed.length === 0) return;
    // Said out loud, with the way back: a connection never disappears unseen.
    const nodes = store.getState().nodes;
    const ports = removed.map((e) =>
      canvas('disconnectedPort', {
        port: node.data.ports.find((p) => p.id === e.sourceHandle)?.label[locale] ?? e.sourceHandle ?? '',
        target: nodeTitle(
          nodes.find((n) => n.id === e.target),
          locale,
          nameOf,
        ),
      }),
    );
    toast.warning(
      canvas('portsDisconnected', {
        node: nodeTitle(node, locale, nameOf),
        count: removed.length,
        ports: ports.join(', '),
      }),
      {
        action: { label: canvas('undoAction'), onClick: () => store.getState().undo() },
        duration: 10_000,
      },
    );
  };
  return (
    <section ref={root} aria-label={t('inspector')} className="space-y-3 p-4">
      <header className="flex items-start justify-between gap-2">
        <div>
          <h2 className="font-semibold text-slate-900">{def.title[locale]}</h2>
          <p className="text-xs text-slate-600">{def.description[locale]}</p>
          <p className="mt-1 font-mono text-xs text-slate-500">{node.id}</p>
        </div>
        {readOnly ? null : (
          <div className="flex shrink-0 items-center gap-1">
            {node.data.ports.length > 0 ? (
              <Button
                variant="secondary"
                size="xs"
                onClick={() => setConnectingFrom(node.id)}
                title={canvas('connectHint')}
                aria-keyshortcuts="Alt+C"
              >
                <Cable aria-hidden className="size-3.5" />
                {canvas('connect')}
              </Button>
            ) : null}
            <Button
              variant="ghost"
              size="icon-sm"
              onClick={deleteSelected}
              className="hover:bg-red-50 hover:text-red-700"
              aria-label={t('deleteNode')}
            >
              <Trash2 aria-hidden className="size-4" />
            </Button>
          </div>
        )}
      </header>
      <NodeNameField
        key={node.id}
        value={node.data.label ?? ''}
        placeholder={defaultNodeName(node.data.kind, node.data.config, locale, nameOf)}
        readOnly={readOnly}
        onChange={(label) => renameNode(node.id, label)}
      />
      {own.some((p) => !p.field) ? (
        <ul className="space-y-1 rounded-md bg-red-50 p-2 text-xs text-red-800">
          {own
            .filter((p) => !p.field)
            .map((p) => (
              <li key={`${p.code}-${p.message.en}`}>{p.message[locale]}</li>
            ))}
        </ul>
      ) : null}
      <div ref={form}>
        {Override ? (
          <Override key={node.id} value={node.data.config} onChange={onChange} ctx={ctx} />
        ) : (
          <SchemaForm
            key={node.id}
            spec={formSpecOf(def)}
            value={node.data.config}
            onChange={onChange}
            ctx={ctx}
          />
        )}
      </div>
    </section>
  );
}

/** The node's name: empty shows (and means) the default made of its settings. */
function NodeNameField(props: {
  value: string;
  placeholder: string;
  readOnly: boolean;
  onChange: (label: string) => void;
}) {
  const t = useTranslations('editorCanvas');
  return (
    <Field label={t('nodeName')} hint={t('nodeNameHint')}>
      {(control) => (
        <Input
          {...control}
          size="sm"
          value={props.value}
          placeholder={props.placeholder}
          maxLength={NODE_NAME_MAX}
          readOnly={props.readOnly}
          data-testid="node-name"
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

function findField(root: HTMLElement, field: string | null): HTMLElement | null {
  if (!field) return null;
  const parts = field.split('.');
  // The compiler may name a nested path the form shows as one control: walk up until one matches.
  for (let n = parts.length; n > 0; n--) {
    const hit = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (hit) return hit;
  }
  return null;
}
