import type { StateCreator } from 'zustand';
import type { EditorState, TestRunSlice } from './types';

export const createTestRunSlice: StateCreator<EditorState, [], [], TestRunSlice> = (set) => ({
  highlightedNodeId: null,
  visitedPath: [],
  showTestRun: (highlightedNodeId, visitedPath) => set({ highlightedNodeId, visitedPath }),
  clearTestRun: () => set({ highlightedNodeId: null, visitedPath: [] }),
});

/** Edge ids the test run went through: each visited step's taken port has at most one edge. */
export function visitedEdgeIds(
  edges: { id: string; source: string; sourceHandle?: string | null }[],
  path: TestRunSlice['visitedPath'],
): Set<string> {
  const taken = new Set(path.map((p) => `${p.stepId}\u0000${p.port ?? ''}`));
  return new Set(edges.filter((e) => taken.has(`${e.source}\u0000${e.sourceHandle ?? ''}`)).map((e) => e.id));
}
