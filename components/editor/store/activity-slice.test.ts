import { describe, expect, it } from 'vitest';
import { ivrGraph } from '@/workflows/testing/graphs';
import { activityCounts } from './activity-slice';
import { createEditorStore } from './create-editor-store';

describe('activity slice', () => {
  const stats = {
    steps: [
      { stepId: 'start', visits: 5 },
      { stepId: 'menu', visits: 7 },
      { stepId: 'gone', visits: 2 },
    ],
    ports: [
      { stepId: 'start', port: 'next', count: 5 },
      { stepId: 'menu', port: 'opt_1', count: 3 },
      { stepId: 'menu', port: 'no_input', count: 2 },
      { stepId: 'fin', port: null, count: 1 },
    ],
  };

  it('labels each node with its visits and each edge with its source port’s count', () => {
    const edges = [
      { id: 'e1', source: 'start', sourceHandle: 'next' },
      { id: 'e2', source: 'menu', sourceHandle: 'opt_1' },
      { id: 'e3', source: 'menu', sourceHandle: 'opt_2' },
      { id: 'e4', source: 'fin', sourceHandle: null },
    ];
    // A port nobody took (opt_2) gets no label; a port without an edge (no_input) labels nothing.
    // An edge with no handle is not matched to a run that ended at its source (port null).
    const counts = activityCounts(stats, edges);
    expect(counts.nodes).toEqual({ start: 5, menu: 7, gone: 2 });
    expect(counts.edges).toEqual({ e1: 5, e2: 3, e4: 1 });
  });

  it('holds the stats while on, and turning it off clears them and a replayed path', () => {
    const store = createEditorStore(ivrGraph());
    store.getState().setActivityWindow('day');
    store.getState().setActivityStats(stats);
    expect(store.getState().activityVisits).toEqual({ start: 5, menu: 7, gone: 2 });
    store.getState().showTestRun(null, [{ stepId: 'start', port: 'next' }]);
    store.getState().setReplayedExecution('exec-1');
    // Changing the window drops stale numbers until the next fetch.
    store.getState().setActivityWindow('hour');
    expect(store.getState().activityStats).toBeNull();
    expect(store.getState().replayedExecutionId).toBe('exec-1');
    store.getState().setActivityWindow(null);
    const s = store.getState();
    expect([s.activityWindow, s.activityStats, s.activityVisits, s.replayedExecutionId]).toEqual([
      null,
      null,
      {},
      null,
    ]);
    expect(s.visitedPath).toEqual([]);
  });
});
