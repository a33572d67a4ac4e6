'use client';

import type { NodeCategory } from '@/workflows/dsl/node-definition';
import { ActivityBadge } from './activity/activity';
import type { FlowNodeData } from './graph-convert';
import { useEditorStore } from './store/editor-store-provider';

export type TestRunMark = 'active' | 'visited';

/** What both views of a node (detailed and compact) are drawn from. */
export type NodeViewProps = {
  id: string;
  data: FlowNodeData;
  title: string;
  category: NodeCategory;
  errors: number;
  selected: boolean;
  testRun: TestRunMark | null;
};

/**
 * A node seen from far away: a box filled with its state's colour (category, or error, diff or test run
 * mark) and its title in large type; no icon, summary, port labels or shadows, which are unreadable at
 * that zoom and are what made 1,000 cards slow to paint. The box keeps the detailed card's exact size
 * (same borders, a 44 px header, one 16 px row per port), so crossing the zoom threshold neither moves
 * the edges nor makes React Flow measure the nodes again.
 *
 * Its handles are bare anchors: React Flow only reads where `.source` / `.target` elements are (and their
 * data-handleid / data-handlepos) when it measures a node, to attach the edges; a real <Handle> also
 * subscribes to the store, thousands of subscribers on every pan frame. Connecting needs the zoom above
 * the threshold, where the real handles are back, at the same places.
 */
export function CompactFlowNode({ id, data, title, category, errors, selected, testRun }: NodeViewProps) {
  const fill = testRun
    ? TEST_RUN_FILL[testRun]
    : data.diff
      ? DIFF_FILL[data.diff]
      : errors > 0
        ? 'border-red-600 bg-red-100'
        : CATEGORY_FILL[category];
  // Wide inset rings (the node clips what it paints, see canvas-performance.css): still visible at 0.1.
  const ring =
    errors > 0 ? 'ring-8 ring-inset ring-red-500' : selected ? 'ring-8 ring-inset ring-brand-500' : '';
  const activity = useEditorStore((s) => s.activityWindow !== null);
  return (
    <div
      className={`w-60 rounded-md border border-t-4 text-left ${fill} ${ring}`}
      data-testid={`node-${id}`}
      data-compact=""
      data-errors={errors}
      data-diff={data.diff}
      data-test-run={testRun ?? undefined}
    >
      {activity ? (
        // The badge sits above a card's top edge; moved inside here, where the clip keeps it.
        <div className="relative top-4">
          <ActivityBadge nodeId={id} />
        </div>
      ) : null}
      {category === 'trigger' ? null : (
        <span className={`target ${ANCHOR} -left-1.5`} data-nodeid={id} data-handlepos="left" />
      )}
      <p className="h-11 truncate px-3 pt-2 text-2xl leading-9 font-semibold text-slate-900">{title}</p>
      <ul className="mt-2 space-y-0.5 pb-2">
        {data.ports.map((port) => (
          <li key={port.id} className="relative h-4">
            <span
              className={`source ${ANCHOR} -right-1.5`}
              data-nodeid={id}
              data-handleid={port.id}
              data-handlepos="right"
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

// Where a 12 px handle's centre is on the card's border (top-[calc(50%-6px)] centres it in its row).
const ANCHOR = 'invisible absolute top-[calc(50%-6px)] size-3';

const CATEGORY_FILL: Record<NodeCategory, string> = {
  trigger: 'border-emerald-500 bg-emerald-100',
  voice: 'border-sky-500 bg-sky-100',
  messaging: 'border-violet-500 bg-violet-100',
  logic: 'border-amber-500 bg-amber-100',
  backoffice: 'border-rose-500 bg-rose-100',
};

const DIFF_FILL = {
  added: 'border-emerald-700 bg-emerald-300',
  changed: 'border-amber-700 bg-amber-300',
  removed: 'border-dashed border-slate-400 bg-slate-100 grayscale',
} as const;

const TEST_RUN_FILL = {
  active: 'border-amber-600 bg-amber-400',
  visited: 'border-violet-600 bg-violet-300',
} as const;
