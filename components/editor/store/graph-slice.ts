import { applyEdgeChanges, applyNodeChanges, type Connection, type XYPosition } from '@xyflow/react';
import type { StateCreator } from 'zustand';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import type { ClipboardFragment } from '../clipboard';
import {
  type FlowEdge,
  type FlowNode,
  fromFlowGraph,
  newEdgeId,
  newNodeId,
  portsFor,
  toFlowEdge,
  toFlowNode,
  toNoteNode,
} from '../graph-convert';
import { initialConfig } from '../node-catalog';
import { boundsOf, freePosition, PLACEMENT_GAP, rectOf } from '../placement';
import { edgesForPorts } from '../port-edges';
import type { EditorState, GraphSlice } from './types';

/** The graph's limit on a node's name (ZGraphNode.label). */
export const NODE_NAME_MAX = 200;

/** Vertical gap between a node and one added after it. */
const STEP_Y = 160;

export const createGraphSlice: StateCreator<EditorState, [], [], GraphSlice> = (set, get) => ({
  nodes: [],
  edges: [],
  notes: [],
  onNodesChange: (changes) => {
    if (changes.some((c) => c.type === 'remove')) get().record('delete');
    else if (changes.some((c) => c.type === 'position' && c.dragging)) get().record('move');
    set((s) => ({ nodes: applyNodeChanges(changes, s.nodes) }));
  },
  onEdgesChange: (changes) => {
    if (changes.some((c) => c.type === 'remove')) get().record('delete');
    set((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
  },
  canConnect: (connection) => canConnect(get(), connection),
  connect: (connection) => {
    if (!canConnect(get(), connection)) return false;
    get().record();
    set((s) => ({
      edges: [
        ...s.edges,
        edgeOf(connection.source, connection.sourceHandle ?? '', connection.target, s.edges),
      ],
    }));
    return true;
  },
  reconnect: (edgeId, target) => {
    const s = get();
    const edge = s.edges.find((e) => e.id === edgeId);
    if (!edge || edge.target === target) return false;
    const moved: FlowEdge = { ...edge, target };
    // canConnect sees the edge's own id, so its port does not count as taken by itself.
    if (!canConnect(s, moved)) return false;
    s.record();
    set({ edges: s.edges.map((e) => (e.id === edgeId ? moved : e)) });
    return true;
  },
  addNode: (kind, at) => {
    const def = findNodeDefinition(kind);
    if (!def) return null;
    const s = get();
    const id = newNodeId(kind, new Set(s.nodes.map((n) => n.id)));
    const after = at.after ? s.nodes.find((n) => n.id === at.after) : undefined;
    const fresh = toFlowNode({
      id,
      kind,
      position: at.position ?? { x: 0, y: 0 },
      config: initialConfig(def),
    });
    const position = at.position ?? (after ? placeAfter(after, fresh, s) : fresh.position);
    const node: FlowNode = { ...fresh, position, selected: true };
    s.record();
    const freePort = after && def.category !== 'trigger' ? firstFreePort(after, s.edges) : null;
    set({
      nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
      edges: after && freePort ? [...s.edges, edgeOf(after.id, freePort, id, s.edges)] : s.edges,
      notes: s.notes.some((n) => n.selected) ? s.notes.map((n) => ({ ...n, selected: false })) : s.notes,
    });
    return id;
  },
  updateConfig: (nodeId, config, field) => {
    const s = get();
    const node = s.nodes.find((n) => n.id === nodeId);
    if (!node) return [];
    const ports = portsFor(node.data.kind, config, node.data.ports);
    // A port that is gone (an option removed, a menu switched to "ask for data") takes its edge along.
    const { kept, removed } = edgesForPorts(nodeId, ports, s.edges);
    // Typing coalesces into one undo step; a change that disconnects something is a step of its own.
    s.record(removed.length > 0 ? undefined : `config:${nodeId}:${field ?? ''}`);
    set({
      nodes: s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config, ports } } : n)),
      ...(removed.length > 0 ? { edges: kept } : {}),
    });
    return removed;
  },
  renameNode: (nodeId, label) => {
    const node = get().nodes.find((n) => n.id === nodeId);
    const next = label.slice(0, NODE_NAME_MAX);
    if (!node || (node.data.label ?? '') === next) return;
    get().record(`label:${nodeId}`);
    set((s) => ({
      nodes: s.nodes.map((n) => {
        if (n.id !== nodeId) return n;
        const { label: _old, ...data } = n.data;
        return { ...n, data: next.trim() ? { ...data, label: next } : data };
      }),
    }));
  },
  deleteSelected: () => {
    const s = get();
    const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
    const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    const notes = s.notes.filter((n) => !n.selected);
    if (gone.size === 0 && edges.length === s.edges.length && notes.length === s.notes.length) return;
    s.record();
    set({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges, notes });
  },
  replaceGraph: (graph) => {
    const { nodes, edges, notes } = fromFlowGraph(graph);
    set({ nodes, edges, notes, past: [], future: [], lastRecord: null });
  },
  insertFragment: (pasted) => {
    const s = get();
    const fragment = placeFragment(pasted, s);
    const added = fragment.nodes.map((n): FlowNode => ({ ...toFlowNode(n), selected: true }));
    const nodes = [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added];
    // Pasted edges pass the same checks as a drawn one (a foreign clipboard may hold anything).
    const edges = s.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
    for (const e of fragment.edges.map(toFlowEdge)) if (canConnect({ nodes, edges }, e)) edges.push(e);
    const notes = [
      ...s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)),
      ...fragment.notes.map((n) => ({ ...toNoteNode(n), selected: true })),
    ];
    if (added.length === 0 && fragment.notes.length === 0) return;
    s.record();
    set({ nodes, edges, notes });
  },
});

/**
 * Below `after` (its children's row), in free space: a sibling already there pushes the new node
 * beside it rather than on top of it.
 */
function placeAfter(after: FlowNode, node: FlowNode, s: Pick<GraphSlice, 'nodes' | 'notes'>) {
  const source = rectOf(after);
  const box = rectOf(node);
  return freePosition({
    preferred: { x: after.position.x, y: after.position.y + Math.max(STEP_Y, source.height + PLACEMENT_GAP) },
    size: box,
    taken: [...s.nodes, ...s.notes].map(rectOf),
  });
}

/** A pasted fragment moved as one block to the nearest free space from where it was going to land. */
function placeFragment(
  fragment: ClipboardFragment,
  s: Pick<GraphSlice, 'nodes' | 'notes'>,
): ClipboardFragment {
  const boxes = [...fragment.nodes.map(toFlowNode), ...fragment.notes.map(toNoteNode)].map(rectOf);
  const bounds = boundsOf(boxes);
  if (!bounds) return fragment;
  const to = freePosition({ preferred: bounds, size: bounds, taken: [...s.nodes, ...s.notes].map(rectOf) });
  const dx = to.x - Math.round(bounds.x);
  const dy = to.y - Math.round(bounds.y);
  if (dx === 0 && dy === 0) return fragment;
  const move = (p: XYPosition) => ({ x: Math.round(p.x + dx), y: Math.round(p.y + dy) });
  return {
    nodes: fragment.nodes.map((n) => ({ ...n, position: move(n.position) })),
    edges: fragment.edges,
    notes: fragment.notes.map((n) => ({ ...n, position: move(n.position) })),
  };
}

function edgeOf(source: string, port: string, target: string, edges: FlowEdge[]): FlowEdge {
  const id = newEdgeId(source, port, new Set(edges.map((e) => e.id)));
  return { id, source, target, sourceHandle: port };
}

function firstFreePort(node: FlowNode, edges: FlowEdge[]): string | null {
  const used = new Set(edges.filter((e) => e.source === node.id).map((e) => e.sourceHandle));
  return node.data.ports.find((p) => !used.has(p.id))?.id ?? null;
}

/**
 * The canvas refuses what the compiler would reject anyway: one edge per output port, nothing
 * into a trigger, and a node looping straight back into itself only if it waits (a menu's "repeat").
 */
export function canConnect(
  s: Pick<GraphSlice, 'nodes' | 'edges'>,
  connection: Connection | FlowEdge,
): boolean {
  const port = connection.sourceHandle;
  if (!port) return false;
  const source = s.nodes.find((n) => n.id === connection.source);
  const target = s.nodes.find((n) => n.id === connection.target);
  if (!source || !target) return false;
  if (target.type === 'trigger') return false;
  if (!source.data.ports.some((p) => p.id === port)) return false;
  const ownId = 'id' in connection ? connection.id : null;
  if (s.edges.some((e) => e.source === source.id && e.sourceHandle === port && e.id !== ownId)) return false;
  if (source.id === target.id) {
    const def = findNodeDefinition(source.data.kind);
    const parsed = def?.schema.safeParse(source.data.config);
    return Boolean(def && parsed?.success && def.waits(parsed.data));
  }
  return true;
}
