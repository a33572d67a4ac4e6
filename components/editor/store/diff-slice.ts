import type { StateCreator } from 'zustand';
import type { DiffSlice, EditorState } from './types';

export const createDiffSlice: StateCreator<EditorState, [], [], DiffSlice> = (set) => ({
  diffBase: null,
  diffTarget: null,
  setDiffBase: (diffBase) => set({ diffBase, diffTarget: null }),
  setComparison: (diffBase, diffTarget) => set({ diffBase, diffTarget }),
});
