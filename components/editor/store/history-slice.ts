import type { StateCreator } from 'zustand';
import type { EditorState, HistorySlice, Snapshot } from './types';

const HISTORY_LIMIT = 100;
const COALESCE_MS = 1000;

export const createHistorySlice: StateCreator<EditorState, [], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  lastRecord: null,
  record: (key) => {
    const now = Date.now();
    const last = get().lastRecord;
    if (key && last && last.key === key && now - last.at < COALESCE_MS) {
      set({ lastRecord: { key, at: now } });
      return;
    }
    set((s) => ({
      past: [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT),
      future: [],
      lastRecord: key ? { key, at: now } : null,
    }));
  },
  undo: () => {
    const s = get();
    const previous = s.past.at(-1);
    if (!previous) return;
    set({
      past: s.past.slice(0, -1),
      future: [snapshotOf(s), ...s.future].slice(0, HISTORY_LIMIT),
      lastRecord: null,
      ...restore(previous, s),
    });
  },
  redo: () => {
    const s = get();
    const next = s.future[0];
    if (!next) return;
    set({
      past: [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT),
      future: s.future.slice(1),
      lastRecord: null,
      ...restore(next, s),
    });
  },
});

function snapshotOf(s: Snapshot): Snapshot {
  return { nodes: s.nodes, edges: s.edges, notes: s.notes };
}

/** Restores the graph but keeps what the canvas measured, so restored nodes do not flash invisible. */
function restore(target: Snapshot, current: Snapshot): Snapshot {
  const measured = new Map(current.nodes.map((n) => [n.id, n.measured]));
  return {
    nodes: target.nodes.map((n) => {
      const m = measured.get(n.id) ?? n.measured;
      return m ? { ...n, measured: m } : n;
    }),
    edges: target.edges,
    notes: target.notes,
  };
}
