import { createStore } from 'zustand/vanilla';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { fromFlowGraph } from '../graph-convert';
import { createActivitySlice } from './activity-slice';
import { createChecklistSlice } from './checklist-slice';
import { createDiffSlice } from './diff-slice';
import { createGraphSlice } from './graph-slice';
import { createHistorySlice } from './history-slice';
import { createNotesSlice } from './notes-slice';
import { createSelectionSlice } from './selection-slice';
import { createTestRunSlice } from './test-run-slice';
import type { EditorState } from './types';

export type EditorStore = ReturnType<typeof createEditorStore>;

/** One store per open editor (never a module singleton: two editors must not share state). */
export function createEditorStore(graph: FlowGraph) {
  const { nodes, edges, notes } = fromFlowGraph(graph);
  return createStore<EditorState>()((...a) => ({
    ...createGraphSlice(...a),
    ...createNotesSlice(...a),
    ...createSelectionSlice(...a),
    ...createChecklistSlice(...a),
    ...createHistorySlice(...a),
    ...createTestRunSlice(...a),
    ...createDiffSlice(...a),
    ...createActivitySlice(...a),
    nodes,
    edges,
    notes,
  }));
}
