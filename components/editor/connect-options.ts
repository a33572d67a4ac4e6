import type { FlowEdge, FlowNode } from './graph-convert';
import { canConnect } from './store/graph-slice';

type PortOption = { id: string; label: string; connectedTo: string | null };

/** The source node's output ports, each with the node it already leads to (one edge per port). */
export function portOptions(
  source: FlowNode,
  edges: readonly FlowEdge[],
  locale: 'es-AR' | 'en',
): PortOption[] {
  return source.data.ports.map((p) => ({
    id: p.id,
    label: p.label[locale],
    connectedTo: edges.find((e) => e.source === source.id && e.sourceHandle === p.id)?.target ?? null,
  }));
}

/** Nodes the port may lead to: the same rules as a connection drawn with the mouse. */
export function connectTargets(
  s: { nodes: FlowNode[]; edges: FlowEdge[] },
  sourceId: string,
  port: string,
): FlowNode[] {
  return s.nodes.filter((n) =>
    canConnect(s, { source: sourceId, sourceHandle: port, target: n.id, targetHandle: null }),
  );
}

/**
 * Nodes a connected port may be re-pointed at (its edge moved, not a second one drawn): the same
 * rules as a new connection, minus the node it already leads to.
 */
export function repointTargets(
  s: { nodes: FlowNode[]; edges: FlowEdge[] },
  sourceId: string,
  port: string,
): FlowNode[] {
  const edge = s.edges.find((e) => e.source === sourceId && e.sourceHandle === port);
  if (!edge) return [];
  return s.nodes.filter((n) => n.id !== edge.target && canConnect(s, { ...edge, target: n.id }));
}
