import type { FlowEdge, FlowNode } from './graph-convert';

type Graph = { nodes: readonly FlowNode[]; edges: readonly FlowEdge[] };

/**
 * Whether the compiler would see a different graph. React Flow measuring, selecting or moving nodes
 * replaces node objects but keeps their `data` (kind, label, config, ports); the compiler reads only
 * that, the node ids and what each edge joins, so none of those changes need a new compile.
 */
export function compiledGraphChanged(prev: Graph, next: Graph): boolean {
  if (prev.nodes !== next.nodes) {
    if (prev.nodes.length !== next.nodes.length) return true;
    for (let i = 0; i < next.nodes.length; i++) {
      const a = prev.nodes[i];
      const b = next.nodes[i];
      if (a?.id !== b?.id || a?.data !== b?.data) return true;
    }
  }
  if (prev.edges !== next.edges) {
    if (prev.edges.length !== next.edges.length) return true;
    for (let i = 0; i < next.edges.length; i++) {
      const a = prev.edges[i];
      const b = next.edges[i];
      if (
        a?.id !== b?.id ||
        a?.source !== b?.source ||
        a?.target !== b?.target ||
        a?.sourceHandle !== b?.sourceHandle
      )
        return true;
    }
  }
  return false;
}

/**
 * Whether the saved draft would differ: the compiled graph, a node moved, or the notes changed.
 * React Flow measuring or selecting nodes replaces node objects but keeps `data` and `position`.
 */
export function draftChanged(
  prev: Graph & { notes: readonly unknown[] },
  next: Graph & { notes: readonly unknown[] },
): boolean {
  if (prev.notes !== next.notes || compiledGraphChanged(prev, next)) return true;
  if (prev.nodes === next.nodes) return false;
  return next.nodes.some((n, i) => n.position !== prev.nodes[i]?.position);
}
