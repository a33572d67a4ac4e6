import type { XYPosition } from '@xyflow/react';
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { FlowEdge, FlowNode } from './graph-convert';
import { DEFAULT_WIDTH, estimatedHeight } from './placement';
import type { EditorStore } from './store/create-editor-store';

export type LayoutNode = { id: string; width: number; height: number; ports: readonly string[] };
export type LayoutEdge = { id: string; source: string; sourcePort: string; target: string };

export { DEFAULT_WIDTH, estimatedHeight } from './placement';

const IN_PORT = '__in';

// One engine for the page: the bundled build runs in the main thread (no worker URL to serve).
let engine: InstanceType<typeof ELK> | null = null;

/**
 * Layered, top-down layout: every node takes a rank below the nodes that lead to it, and a node's
 * output ports stay in their own order left to right, so "1 · Turnos" sits left of "2 · Consultas".
 * Pure: positions out, nothing mutated.
 */
export async function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Promise<Map<string, XYPosition>> {
  engine ??= new ELK();
  const ids = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.layered.spacing.edgeNodeBetweenLayers': '24',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // No considerModelOrder: it took 30 s for 1,000 nodes (0.5 s without); FIXED_ORDER ports keep menus in order.
    },
    children: nodes.map((n) => ({
      id: n.id,
      width: n.width,
      height: n.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        {
          id: portId(n.id, IN_PORT),
          width: 1,
          height: 1,
          layoutOptions: { 'elk.port.side': 'NORTH', 'elk.port.index': '0' },
        },
        ...n.ports.map((p, index) => ({
          id: portId(n.id, p),
          width: 1,
          height: 1,
          // ELK orders ports clockwise from the top-left corner, so on the bottom side right to left.
          layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(n.ports.length - index) },
        })),
      ],
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map(
        (e): ElkExtendedEdge => ({
          id: e.id,
          sources: [portId(e.source, knownPort(nodes, e.source, e.sourcePort))],
          targets: [portId(e.target, IN_PORT)],
        }),
      ),
  };
  const result = await engine.layout(graph);
  const positions = new Map<string, XYPosition>();
  for (const child of result.children ?? []) {
    positions.set(child.id, { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) });
  }
  return positions;
}

function portId(node: string, port: string): string {
  return `${node}::${port}`;
}

/** An edge from a port the node no longer shows (config being edited) leaves from its first port. */
function knownPort(nodes: readonly LayoutNode[], nodeId: string, port: string): string {
  const node = nodes.find((n) => n.id === nodeId);
  if (!node || node.ports.includes(port)) return port;
  return node.ports[0] ?? IN_PORT;
}

export function layoutInputOf(nodes: readonly FlowNode[], edges: readonly FlowEdge[]) {
  return {
    nodes: nodes.map(
      (n): LayoutNode => ({
        id: n.id,
        width: n.measured?.width ?? DEFAULT_WIDTH,
        height: n.measured?.height ?? estimatedHeight(n.data.ports.length),
        ports: n.data.ports.map((p) => p.id),
      }),
    ),
    edges: edges.map(
      (e): LayoutEdge => ({ id: e.id, source: e.source, sourcePort: e.sourceHandle ?? '', target: e.target }),
    ),
  };
}

/** Lays out the editor's graph as one undo step. Returns false when there was nothing to move. */
export async function arrangeGraph(store: EditorStore): Promise<boolean> {
  const before = store.getState();
  if (before.nodes.length === 0) return false;
  const input = layoutInputOf(before.nodes, before.edges);
  const positions = await layoutGraph(input.nodes, input.edges);
  const s = store.getState();
  // The graph changed while ELK ran (a keystroke, an autosave reload): positions would be stale.
  if (s.nodes !== before.nodes || s.edges !== before.edges) return false;
  s.record();
  store.setState({
    nodes: s.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: p } : n;
    }),
  });
  return true;
}
