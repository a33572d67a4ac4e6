import type { StateCreator } from 'zustand';
import type { EditorState, SelectionSlice } from './types';

export const createSelectionSlice: StateCreator<EditorState, [], [], SelectionSlice> = (set) => ({
  panel: 'inspector',
  focus: null,
  connectingFrom: null,
  setConnectingFrom: (connectingFrom) => set({ connectingFrom }),
  setPanel: (panel) => set({ panel }),
  select: (nodeIds) => {
    const wanted = new Set(nodeIds);
    set((s) => ({
      nodes: s.nodes.map((n) =>
        Boolean(n.selected) === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) },
      ),
      edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      notes: s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)),
    }));
  },
  focusProblem: (nodeId, field) => {
    set((s) => ({
      panel: 'inspector',
      focus: { nodeId, field },
      nodes: s.nodes.map((n) =>
        Boolean(n.selected) === (n.id === nodeId) ? n : { ...n, selected: n.id === nodeId },
      ),
      notes: s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)),
    }));
  },
  clearFocus: () => set({ focus: null }),
});
