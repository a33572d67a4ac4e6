import type { Edge, Node } from '@xyflow/react';
import type { FlowGraph, NoteColor, StickyNote } from '@/workflows/dsl/graph';
import type { NodeCategory, PortDef } from '@/workflows/dsl/node-definition';
import { findNodeDefinition } from '@/workflows/kinds/registry';

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

export type NoteData = { text: string; color?: NoteColor };
/** A sticky note drawn as a React Flow node of its own type; kept apart from the flow's nodes. */
export type NoteNode = Node<NoteData, 'note'>;
/** Size of a note nobody resized yet. */
export const NOTE_SIZE = { width: 220, height: 140 };

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

export function fromFlowGraph(graph: FlowGraph): { nodes: FlowNode[]; edges: FlowEdge[]; notes: NoteNode[] } {
  const nodes = graph.nodes.map(toFlowNode);
  return { nodes, edges: graph.edges.map(toFlowEdge), notes: toNoteNodes(graph.notes, nodes) };
}

/**
 * Notes share React Flow's id space with nodes: a note whose id a node already uses (a hand-edited
 * import) is renamed, which loses nothing because nothing refers to a note by id.
 */
function toNoteNodes(notes: readonly StickyNote[], nodes: readonly { id: string }[]): NoteNode[] {
  const taken = new Set(nodes.map((n) => n.id));
  return notes.map((note) => {
    const id = taken.has(note.id) ? newNoteId(taken) : note.id;
    taken.add(id);
    return toNoteNode({ ...note, id });
  });
}

export function toNoteNode(note: StickyNote): NoteNode {
  return {
    id: note.id,
    type: 'note',
    position: note.position,
    width: note.width ?? NOTE_SIZE.width,
    height: note.height ?? NOTE_SIZE.height,
    data: { text: note.text, ...(note.color ? { color: note.color } : {}) },
  };
}

export function toStickyNote(n: NoteNode): StickyNote {
  return {
    id: n.id,
    position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    text: n.data.text,
    ...(n.width !== undefined ? { width: Math.round(n.width) } : {}),
    ...(n.height !== undefined ? { height: Math.round(n.height) } : {}),
    ...(n.data.color ? { color: n.data.color } : {}),
  };
}

/** What the server saves and the compiler reads: canvas-only state (selection, measured sizes) left out. */
export function toFlowGraph(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  notes: readonly NoteNode[],
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
    notes: notes.map(toStickyNote),
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

export function newNoteId(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`nota_${i}`)) return `nota_${i}`;
}

export function newEdgeId(source: string, port: string, taken: ReadonlySet<string>): string {
  const base = `e_${source}_${port}`.slice(0, 56);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}
