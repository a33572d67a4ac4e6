import type { FlowGraph } from '@/workflows/dsl/graph';
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
 * What the canvas shows while comparing: the newer side's nodes (the draft's, or a version's from
 * versionOnCanvas) marked added / changed, and the base version's removed nodes and connections as
 * ghosts that cannot be selected, moved or saved.
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
      const node = readOnlyNode(n);
      return { ...node, data: { ...node.data, diff: 'removed' } };
    }),
    edges: base.graph.edges.map(
      (e): FlowEdge => ({ ...readOnlyEdge(e), id: `${GHOST}${e.id}`, style: DIFF_STYLE.removed.edge }),
    ),
  };
  GHOSTS.set(base, ghosts);
  return ghosts;
}

const READ_ONLY = new WeakMap<DiffBase, { nodes: FlowNode[]; edges: FlowEdge[] }>();

/**
 * A published version drawn in place of the draft, as the newer side of a comparison between two
 * versions: nothing in it can be selected, moved, connected or deleted, and it is never saved.
 */
export function versionOnCanvas(version: DiffBase): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const cached = READ_ONLY.get(version);
  if (cached) return cached;
  const shown = {
    nodes: version.graph.nodes.map(readOnlyNode),
    edges: version.graph.edges.map(readOnlyEdge),
  };
  READ_ONLY.set(version, shown);
  return shown;
}

function readOnlyNode(n: FlowGraph['nodes'][number]): FlowNode {
  const node = toFlowNode(n);
  return {
    ...node,
    draggable: false,
    selectable: false,
    connectable: false,
    deletable: false,
    focusable: false,
    // Never measured through the store, so the size is given up front.
    width: DEFAULT_WIDTH,
    height: estimatedHeight(node.data.ports.length),
  };
}

function readOnlyEdge(e: FlowGraph['edges'][number]): FlowEdge {
  return { ...toFlowEdge(e), selectable: false, deletable: false, focusable: false };
}
