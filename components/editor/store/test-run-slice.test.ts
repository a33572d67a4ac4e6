import { describe, expect, it } from 'vitest';
import { ivrGraph } from '@/workflows/testing/graphs';
import { createEditorStore } from './create-editor-store';
import { visitedEdgeIds } from './test-run-slice';

describe('test run slice', () => {
  it('lights the active step and keeps the path taken, with the edges of the ports it took', () => {
    const store = createEditorStore(ivrGraph());
    const path = [
      { stepId: 'start', port: 'next' },
      { stepId: 'hola', port: 'next' },
      { stepId: 'menu', port: 'opt_9' },
    ];
    store.getState().showTestRun('menu', path);
    expect(store.getState().highlightedNodeId).toBe('menu');
    expect([...visitedEdgeIds(store.getState().edges, store.getState().visitedPath)].sort()).toEqual([
      'e1',
      'e2',
      'e4',
    ]);
    // The run ended: nothing is active, the path stays drawn until the phone closes.
    store
      .getState()
      .showTestRun(null, [...path, { stepId: 'menu', port: 'opt_1' }, { stepId: 'turnos', port: 'done' }]);
    expect(store.getState().highlightedNodeId).toBeNull();
    expect(visitedEdgeIds(store.getState().edges, store.getState().visitedPath).has('e3')).toBe(true);
    store.getState().clearTestRun();
    expect(store.getState().visitedPath).toEqual([]);
  });
});
