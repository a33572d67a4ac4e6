'use client';

import { Handle, type NodeProps, type NodeTypes, Position, useUpdateNodeInternals } from '@xyflow/react';
import { CircleAlert } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { memo, useEffect, useRef } from 'react';
import { nodeName } from '@/workflows/kinds/node-name';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import { ActivityBadge } from './activity/activity';
import './canvas-performance.css';
import { useCompactZoom } from './canvas-zoom';
import { CompactFlowNode, type NodeViewProps, type TestRunMark } from './flow-node-compact';
import type { FlowNode } from './graph-convert';
import { CATEGORY_STYLE, iconOf } from './node-catalog';
import { nodeSummary } from './node-summary';
import { portsKey } from './port-edges';
import { useNameOf } from './resource-names';
import { useEditorStore } from './store/editor-store-provider';

function FlowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const compact = useCompactZoom();
  // React Flow measures a node's handles once; when its ports change (a menu switched to "ask for
  // data", an undo) it must measure again, or edges from the new handles are not drawn.
  const updateNodeInternals = useUpdateNodeInternals();
  // Not on mount: React Flow measures new nodes itself (a thousand extra measures would be slow).
  const ports = portsKey(data.ports);
  const measuredPorts = useRef(ports);
  useEffect(() => {
    if (measuredPorts.current === ports) return;
    measuredPorts.current = ports;
    updateNodeInternals(id);
  }, [id, ports, updateNodeInternals]);
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const errors = useEditorStore((s) => s.errorsByNode[id] ?? 0);
  const testRun = useEditorStore((s): TestRunMark | null =>
    s.highlightedNodeId === id ? 'active' : s.visitedPath.some((p) => p.stepId === id) ? 'visited' : null,
  );
  const def = findNodeDefinition(data.kind);
  const props = {
    id,
    data,
    title: nodeName(data, locale, useNameOf()),
    category: def?.category ?? 'logic',
    errors,
    selected,
    testRun,
  };
  return compact ? <CompactFlowNode {...props} /> : <DetailedFlowNode {...props} locale={locale} />;
}

function DetailedFlowNode({
  id,
  data,
  title,
  category,
  errors,
  selected,
  testRun,
  locale,
}: NodeViewProps & { locale: 'es-AR' | 'en' }) {
  const t = useTranslations('editor');
  const tools = useTranslations('editorTools');
  const summary = nodeSummary(data.kind, data.config, locale, useNameOf());
  const Icon = iconOf(data.kind);
  const style = CATEGORY_STYLE[category];
  const ring =
    errors > 0
      ? 'border-red-500 ring-2 ring-red-200'
      : selected
        ? 'border-brand-500 ring-2 ring-brand-100'
        : 'border-slate-300';
  const diff = data.diff ? DIFF_MARK[data.diff] : '';
  return (
    <div
      className={`w-60 rounded-md border border-t-4 bg-white text-left shadow-sm ${style.accent} ${ring} ${diff} ${testRun ? TEST_RUN_MARK[testRun] : ''}`}
      data-testid={`node-${id}`}
      data-errors={errors}
      data-diff={data.diff}
      data-test-run={testRun ?? undefined}
    >
      <ActivityBadge nodeId={id} />
      {category === 'trigger' ? null : (
        <Handle type="target" position={Position.Left} className="!size-3 !bg-slate-500" />
      )}
      <div className="flex items-start gap-2 px-3 pt-2">
        <span className={`mt-0.5 rounded p-1 ${style.chip}`}>
          <Icon aria-hidden className="size-4" />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-slate-900">{title}</p>
          <p className="truncate text-xs text-slate-600" data-testid="node-summary">
            {summary || '—'}
          </p>
        </div>
        {data.diff ? (
          <span
            className="rounded bg-slate-800 px-1.5 text-xs font-medium text-white"
            data-testid="node-diff"
          >
            {tools(`diffMarks.${data.diff}`)}
          </span>
        ) : null}
        {errors > 0 ? (
          <span
            className="inline-flex items-center gap-0.5 rounded-full bg-red-600 px-1.5 text-xs font-medium text-white"
            title={t('nodeErrors', { count: errors })}
            data-testid="node-error-badge"
          >
            <CircleAlert aria-hidden className="size-3" />
            {errors}
          </span>
        ) : null}
      </div>
      <ul className="mt-2 space-y-0.5 pb-2">
        {data.ports.map((port) => (
          <li key={port.id} className="relative pr-4 text-right text-xs text-slate-700">
            {port.label[locale]}
            <Handle
              type="source"
              id={port.id}
              position={Position.Right}
              className="!size-3 !bg-brand-500"
              data-testid={`handle-${id}-${port.id}`}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** While comparing with a version: added and changed nodes get an outline, removed ones are ghosts. */
const DIFF_MARK = {
  added: 'outline outline-3 outline-offset-2 outline-emerald-500',
  changed: 'outline outline-3 outline-offset-2 outline-amber-500',
  // Dashed and grey rather than translucent: the text must keep its contrast.
  removed: 'border-dashed !border-slate-400 !bg-slate-100 grayscale',
} as const;

/** The test phone's run: the step it is at glows amber, the steps it went through stay violet. */
const TEST_RUN_MARK = {
  active: 'shadow-[0_0_0_4px_#f59e0b,0_0_16px_4px_rgba(245,158,11,0.6)]',
  visited: 'shadow-[0_0_0_3px_#7c3aed]',
} as const;

const MemoNode = memo(FlowNodeView);

/** Built once at module scope: React Flow remounts every node if this object changes identity. */
export const nodeTypes = {
  trigger: MemoNode,
  voice: MemoNode,
  messaging: MemoNode,
  logic: MemoNode,
  backoffice: MemoNode,
} satisfies NodeTypes;
