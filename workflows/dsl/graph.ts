import { z } from 'zod';

/** Limits that keep a saved or imported graph from exhausting the server or the browser. */
export const GRAPH_LIMITS = {
  nodes: 5000,
  edges: 20000,
  stringLength: 20000,
  idLength: 64,
  configBytes: 200_000,
};

const ZId = z
  .string()
  .min(1)
  .max(GRAPH_LIMITS.idLength)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits, _ . : -');

export const ZGraphNode = z.object({
  id: ZId,
  kind: z.string().min(1).max(64),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).default({ x: 0, y: 0 }),
  label: z.string().max(200).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type GraphNode = z.infer<typeof ZGraphNode>;

export const ZGraphEdge = z.object({
  id: ZId,
  source: ZId,
  sourcePort: z.string().min(1).max(64),
  target: ZId,
});
export type GraphEdge = z.infer<typeof ZGraphEdge>;

export const ZStickyNote = z.object({
  id: ZId,
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  text: z.string().max(5000),
});

/** What the canvas draws and saves: nodes with config, edges from a node's port to a node. */
export const ZFlowGraph = z.object({
  nodes: z.array(ZGraphNode).max(GRAPH_LIMITS.nodes),
  edges: z.array(ZGraphEdge).max(GRAPH_LIMITS.edges),
  notes: z.array(ZStickyNote).max(500).default([]),
});
export type FlowGraph = z.infer<typeof ZFlowGraph>;

export const EMPTY_GRAPH: FlowGraph = { nodes: [], edges: [], notes: [] };
