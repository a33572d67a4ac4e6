import { type DiffMark, diffGraphs, type GraphDiff } from './diff';
import { type FlowEdge, type FlowNode, toFlowEdge, toFlowGraph, toFlowNode } from './graph-convert';
import { DEFAULT_WIDTH, estimatedHeight } from './layout';
import type { DiffBase } from './store/types';

const GHOST = 'ghost:';

export const DIFF_STYLE = {
  added: { swatch: 'bg-emerald-500', edge: { stroke: '#059669', strokeWidth: 2.5 } },
  changed: { swatch: 'bg-amber-500', edge: {} },
  removed: { swatch: 'bg-slate-400', edge: { stroke: '#94a3b8', strokeWidth: 2, strokeDasharray: '6 4' } },
} as const;

/**
 * What the canvas shows while comparing: the draft's nodes marked added / changed, and the
 * version's removed nodes and connections as ghosts that cannot be selected, moved or saved.
 */
export function diffCanvas(
  base: DiffBase,
  nodes: FlowNode[],
  edges: FlowEdge[],
): { nodes: FlowNode[]; edges: FlowEdge[]; diff: GraphDiff } {
  const diff = diffGraphs(base.graph, toFlowGraph(nodes, edges, []));
  const marks = new Map<string, DiffMark>([
    ...diff.added.map((id) => [id, 'added'] as const),
    ...diff.changed.map((id) => [id, 'changed'] as const),
  ]);
  const marked = nodes.map((n) => {
    const mark = marks.get(n.id);
    return mark ? { ...n, data: { ...n.data, diff: mark } } : n;
  });
  const removed = new Set(diff.removed);
  const removedEdges = new Set(diff.edges.removed);
  const addedEdges = new Set(diff.edges.added);
  const all = ghostsOf(base);
  const ghosts = all.nodes.filter((n) => removed.has(n.id));
  const ghostEdges = all.edges.filter((e) => removedEdges.has(e.id.slice(GHOST.length)));
  return {
    nodes: [...marked, ...ghosts],
    edges: [
      ...edges.map((e) => (addedEdges.has(e.id) ? { ...e, style: DIFF_STYLE.added.edge } : e)),
      ...ghostEdges,
    ],
    diff,
  };
}

// Ghosts keep their identity while the draft changes: React Flow re-measures a node object it has not seen.
const GHOSTS = new WeakMap<DiffBase, { nodes: FlowNode[]; edges: FlowEdge[] }>();

function ghostsOf(base: DiffBase): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const cached = GHOSTS.get(base);
  if (cached) return cached;
  const ghosts = {
    nodes: base.graph.nodes.map((n): FlowNode => {
      const node = toFlowNode(n);
      return {
        ...node,
        data: { ...node.data, diff: 'removed' },
        draggable: false,
        selectable: false,
        connectable: false,
        deletable: false,
        focusable: false,
        // Never measured through the store, so the size is given up front.
        width: DEFAULT_WIDTH,
        height: estimatedHeight(node.data.ports.length),
      };
    }),
    edges: base.graph.edges.map(
      (e): FlowEdge => ({
        ...toFlowEdge(e),
        id: `${GHOST}${e.id}`,
        selectable: false,
        deletable: false,
        focusable: false,
        style: DIFF_STYLE.removed.edge,
      }),
    ),
  };
  GHOSTS.set(base, ghosts);
  return ghosts;
}
