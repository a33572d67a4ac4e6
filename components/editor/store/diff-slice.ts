import type { StateCreator } from 'zustand';
import type { DiffSlice, EditorState } from './types';

export const createDiffSlice: StateCreator<EditorState, [], [], DiffSlice> = (set) => ({
  diffBase: null,
  setDiffBase: (diffBase) => set({ diffBase }),
});
