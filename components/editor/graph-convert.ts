import type { Edge, Node } from '@xyflow/react';
import type { FlowGraph } from '@/workflows/dsl/graph';
import type { NodeCategory, PortDef } from '@/workflows/dsl/node-definition';
import { findNodeDefinition } from '@/workflows/dsl/registry';

export type FlowNodeData = {
  kind: string;
  config: Record<string, unknown>;
  label?: string;
  /** Output ports as of the last config that parsed, so edges keep their handles while a field is invalid. */
  ports: PortDef[];
  /** Only on the copies the canvas shows while comparing with a version; never saved. */
  diff?: 'added' | 'removed' | 'changed';
};
export type FlowNode = Node<FlowNodeData, NodeCategory>;
export type FlowEdge = Edge;

export function portsFor(kind: string, config: Record<string, unknown>, previous: PortDef[] = []): PortDef[] {
  const def = findNodeDefinition(kind);
  if (!def) return previous;
  const parsed = def.schema.safeParse(config);
  return parsed.success ? def.ports(parsed.data) : previous;
}

export function toFlowNode(node: FlowGraph['nodes'][number]): FlowNode {
  const def = findNodeDefinition(node.kind);
  return {
    id: node.id,
    type: def?.category ?? 'logic',
    position: node.position,
    data: {
      kind: node.kind,
      config: node.config,
      ...(node.label ? { label: node.label } : {}),
      ports: portsFor(node.kind, node.config, lenientPorts(node.kind, node.config)),
    },
  };
}

export function toFlowEdge(edge: FlowGraph['edges'][number]): FlowEdge {
  return { id: edge.id, source: edge.source, target: edge.target, sourceHandle: edge.sourcePort };
}

export function fromFlowGraph(graph: FlowGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) };
}

/** What the server saves and the compiler reads: canvas-only state (selection, sizes) left out. */
export function toFlowGraph(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  notes: FlowGraph['notes'],
) {
  const graph: FlowGraph = {
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      ...(n.data.label ? { label: n.data.label } : {}),
      config: n.data.config,
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourcePort: e.sourceHandle ?? '',
      target: e.target,
    })),
    notes,
  };
  return graph;
}

/**
 * Ports of a config that does not parse yet (a new menu without its prompt): the required text
 * fields are what usually fails, and they never change the ports, so fill them and try again.
 */
function lenientPorts(kind: string, config: Record<string, unknown>): PortDef[] {
  const def = findNodeDefinition(kind);
  if (!def) return [];
  const parsed = def.schema.safeParse(config);
  if (parsed.success) return def.ports(parsed.data);
  const patched: Record<string, unknown> = { ...config };
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if (issue.path.length === 1 && typeof key === 'string' && !Array.isArray(config[key])) patched[key] = 'x';
  }
  const retry = def.schema.safeParse(patched);
  return retry.success ? def.ports(retry.data) : [];
}

export function newNodeId(kind: string, taken: ReadonlySet<string>): string {
  const base = kind.replace(/^trigger_/, '').slice(0, 40);
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(source: string, port: string, taken: ReadonlySet<string>): string {
  const base = `e_${source}_${port}`.slice(0, 56);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}
