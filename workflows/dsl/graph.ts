import { z } from 'zod';

/** Limits that keep a saved or imported graph from exhausting the server or the browser. */
export const GRAPH_LIMITS = {
  nodes: 5000,
  edges: 20000,
  stringLength: 20000,
  idLength: 64,
  configBytes: 200_000,
  /** The whole graph's JSON, saved or imported. */
  graphBytes: 2_000_000,
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

export const NOTE_COLORS = ['yellow', 'blue', 'green', 'pink'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];

/** A designer's comment on the canvas: drawn and saved with the graph, never compiled. */
export const ZStickyNote = z.object({
  id: ZId,
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  text: z.string().max(5000),
  // Optional so graphs saved before notes could be resized or coloured still parse unchanged.
  width: z.number().finite().min(80).max(2000).optional(),
  height: z.number().finite().min(60).max(2000).optional(),
  color: z.enum(NOTE_COLORS).optional(),
});
export type StickyNote = z.infer<typeof ZStickyNote>;

/** What the canvas draws and saves: nodes with config, edges from a node's port to a node. */
export const ZFlowGraph = z.object({
  nodes: z.array(ZGraphNode).max(GRAPH_LIMITS.nodes),
  edges: z.array(ZGraphEdge).max(GRAPH_LIMITS.edges),
  notes: z.array(ZStickyNote).max(500).default([]),
});
export type FlowGraph = z.infer<typeof ZFlowGraph>;

export const EMPTY_GRAPH: FlowGraph = { nodes: [], edges: [], notes: [] };
