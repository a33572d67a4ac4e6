import type { XYPosition } from '@xyflow/react';
import { z } from 'zod';
import {
  GRAPH_LIMITS,
  type GraphEdge,
  type GraphNode,
  type StickyNote,
  ZGraphEdge,
  ZGraphNode,
  ZStickyNote,
} from '@/workflows/dsl/graph';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import {
  type FlowEdge,
  type FlowNode,
  type NoteNode,
  newEdgeId,
  newNodeId,
  newNoteId,
  toStickyNote,
} from './graph-convert';

/** What Ctrl+C puts on the clipboard: versioned, so a later Cauce can still read (or refuse) it. */
export const CLIPBOARD_FORMAT = 'cauce.clipboard';
const CLIPBOARD_VERSION = 1;
/** A clipboard larger than this is refused before parsing: it cannot be a selection of a flow. */
export const MAX_CLIPBOARD_CHARS = 2_000_000;
/** How far a paste without a pointer position lands from the copied nodes, per repeated paste. */
export const PASTE_NUDGE = 40;

const ZClipboardPayload = z.object({
  format: z.literal(CLIPBOARD_FORMAT),
  version: z.literal(CLIPBOARD_VERSION),
  /** When it was copied (ms): tells a newer copy from an older one. */
  copiedAt: z.number().int().nonnegative(),
  /** The flow it was copied from: a paste into the same flow lands beside the originals. */
  flowId: z.string().max(64).optional(),
  nodes: z.array(ZGraphNode).max(1000),
  edges: z.array(ZGraphEdge).max(5000),
  notes: z.array(ZStickyNote).max(500),
});
export type ClipboardPayload = z.infer<typeof ZClipboardPayload>;

/** Graph pieces ready to insert: fresh ids, final positions. */
export type ClipboardFragment = { nodes: GraphNode[]; edges: GraphEdge[]; notes: StickyNote[] };

export type ParsedClipboard =
  | { ok: true; payload: ClipboardPayload }
  | { ok: false; reason: 'empty' | 'foreign' | 'invalid' };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The selected nodes, the edges between two of them, and the selected notes; null when nothing is selected. */
export function copySelection(
  s: { nodes: readonly FlowNode[]; edges: readonly FlowEdge[]; notes: readonly NoteNode[] },
  from: { copiedAt: number; flowId: string },
): ClipboardPayload | null {
  const nodes = s.nodes.filter((n) => n.selected);
  const notes = s.notes.filter((n) => n.selected);
  if (nodes.length === 0 && notes.length === 0) return null;
  const ids = new Set(nodes.map((n) => n.id));
  return {
    format: CLIPBOARD_FORMAT,
    version: CLIPBOARD_VERSION,
    copiedAt: from.copiedAt,
    flowId: from.flowId,
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      ...(n.data.label ? { label: n.data.label } : {}),
      config: structuredClone(n.data.config),
    })),
    edges: s.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, source: e.source, sourcePort: e.sourceHandle ?? '', target: e.target }))
      .filter((e) => e.sourcePort !== ''),
    notes: notes.map(toStickyNote),
  };
}

/**
 * Reads clipboard text defensively: anything that is not a Cauce payload (text from elsewhere, a
 * hostile or oversized JSON, a payload of an unknown version) comes back as a reason, never a throw.
 */
export function parseClipboard(text: string | null | undefined): ParsedClipboard {
  if (!text || text.trim() === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_CLIPBOARD_CHARS) return { ok: false, reason: 'invalid' };
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new Error('forbidden key');
      return value;
    });
  } catch {
    return { ok: false, reason: 'foreign' };
  }
  if (raw === null || typeof raw !== 'object' || Reflect.get(raw, 'format') !== CLIPBOARD_FORMAT)
    return { ok: false, reason: 'foreign' };
  const parsed = ZClipboardPayload.safeParse(raw);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, reason: 'invalid' };
}

/** Top-left corner of everything in the payload. */
function boundsOrigin(payload: Pick<ClipboardPayload, 'nodes' | 'notes'>): XYPosition | null {
  const points = [...payload.nodes, ...payload.notes].map((n) => n.position);
  if (points.length === 0) return null;
  return { x: Math.min(...points.map((p) => p.x)), y: Math.min(...points.map((p) => p.y)) };
}

/**
 * The payload as new graph pieces for a flow whose ids are `taken`: every node, edge and note gets
 * a fresh id, edges survive only between two pasted nodes (one per output port), unknown node
 * kinds and oversized configs are dropped. Placed with its top-left corner at `at`, or nudged from
 * where it was copied when there is no pointer position.
 */
export function pasteFragment(
  payload: ClipboardPayload,
  opts: {
    takenIds: ReadonlySet<string>;
    takenEdgeIds: ReadonlySet<string>;
    at: XYPosition | null;
    nudge: number;
  },
): { fragment: ClipboardFragment; dropped: number } {
  const origin = boundsOrigin(payload) ?? { x: 0, y: 0 };
  const shift = opts.at
    ? { x: opts.at.x - origin.x, y: opts.at.y - origin.y }
    : { x: opts.nudge, y: opts.nudge };
  const move = (p: XYPosition) => ({ x: Math.round(p.x + shift.x), y: Math.round(p.y + shift.y) });
  const taken = new Set(opts.takenIds);
  const renamed = new Map<string, string>();
  let dropped = 0;
  const nodes: GraphNode[] = [];
  for (const node of payload.nodes) {
    const fits = JSON.stringify(node.config).length <= GRAPH_LIMITS.configBytes;
    if (renamed.has(node.id) || !findNodeDefinition(node.kind) || !fits) {
      dropped++;
      continue;
    }
    const id = newNodeId(node.kind, taken);
    taken.add(id);
    renamed.set(node.id, id);
    nodes.push({ ...node, id, position: move(node.position), config: structuredClone(node.config) });
  }
  const edgeIds = new Set(opts.takenEdgeIds);
  const usedPorts = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const edge of payload.edges) {
    const source = renamed.get(edge.source);
    const target = renamed.get(edge.target);
    const portKey = `${source}\u0000${edge.sourcePort}`;
    if (!source || !target || usedPorts.has(portKey)) continue;
    usedPorts.add(portKey);
    const id = newEdgeId(source, edge.sourcePort, edgeIds);
    edgeIds.add(id);
    edges.push({ id, source, sourcePort: edge.sourcePort, target });
  }
  const notes = payload.notes.map((note) => {
    const id = newNoteId(taken);
    taken.add(id);
    return { ...note, id, position: move(note.position) };
  });
  return { fragment: { nodes, edges, notes }, dropped };
}

/**
 * Which copy to paste. The system clipboard is the truth when it holds a Cauce payload (the newer
 * one wins if both do); when it holds something else, the user copied that since, unless writing
 * to it failed, in which case only the localStorage copy was ever written.
 */
export function pickPayload(args: {
  /** null when the system clipboard could not be read (no permission, insecure context). */
  system: ParsedClipboard | null;
  local: ParsedClipboard;
  localReachedSystem: boolean;
}): ParsedClipboard {
  const { system, local } = args;
  if (!system) return local;
  if (system.ok) return local.ok && local.payload.copiedAt > system.payload.copiedAt ? local : system;
  if (system.reason === 'empty' || !args.localReachedSystem) return local.ok ? local : system;
  return system;
}
