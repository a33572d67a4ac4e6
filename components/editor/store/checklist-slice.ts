import type { StateCreator } from 'zustand';
import type { ChecklistSlice, EditorState } from './types';

export const createChecklistSlice: StateCreator<EditorState, [], [], ChecklistSlice> = (set) => ({
  problems: [],
  errorsByNode: {},
  validatedAt: null,
  setProblems: (problems) => {
    const errorsByNode: Record<string, number> = {};
    for (const p of problems) {
      if (p.severity !== 'error' || !p.nodeId) continue;
      errorsByNode[p.nodeId] = (errorsByNode[p.nodeId] ?? 0) + 1;
    }
    set({ problems, errorsByNode, validatedAt: Date.now() });
  },
});
