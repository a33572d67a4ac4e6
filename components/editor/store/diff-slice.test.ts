import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { createEditorStore } from './create-editor-store';

const graph = (text: string): FlowGraph => ({
  nodes: [{ id: 'hola', kind: 'say', position: { x: 0, y: 0 }, config: { text } }],
  edges: [],
  notes: [],
});

describe('diff slice', () => {
  it('compares a version with the draft, or two versions, and leaves comparison mode as a whole', () => {
    const store = createEditorStore(graph('borrador'));
    const v1 = { version: 1, graph: graph('uno') };
    const v2 = { version: 2, graph: graph('dos') };
    store.getState().setDiffBase(v1);
    expect([store.getState().diffBase, store.getState().diffTarget]).toEqual([v1, null]);
    store.getState().setComparison(v1, v2);
    expect([store.getState().diffBase, store.getState().diffTarget]).toEqual([v1, v2]);
    // Back to "version against draft" drops the other version.
    store.getState().setDiffBase(v2);
    expect([store.getState().diffBase, store.getState().diffTarget]).toEqual([v2, null]);
    store.getState().setComparison(v1, v2);
    store.getState().setDiffBase(null);
    expect([store.getState().diffBase, store.getState().diffTarget]).toEqual([null, null]);
  });
});
