import type { StateCreator } from 'zustand';
import type { EditorState } from './types';

export type ActivityWindow = 'hour' | 'day';

/** What executions.flowStats returns, as far as the canvas needs it. */
type ActivityStats = {
  steps: { stepId: string; visits: number }[];
  ports: { stepId: string; port: string | null; count: number }[];
};

/** Counts keyed for the canvas: visits per node id, and traversals per edge id. */
type ActivityCounts = { nodes: Record<string, number>; edges: Record<string, number> };

/** The published flow's recent activity drawn over the canvas; off (null window) by default. */
export type ActivitySlice = {
  activityWindow: ActivityWindow | null;
  /** The latest stats; edge counts are derived at render time so they follow edits to the graph. */
  activityStats: ActivityStats | null;
  /** Visits per node id, for the node badges (a record, so each node selects one number). */
  activityVisits: Record<string, number>;
  /** The execution whose path is replayed on the canvas (drawn through the test-run slice). */
  replayedExecutionId: string | null;
  setActivityWindow: (window: ActivityWindow | null) => void;
  setActivityStats: (stats: ActivityStats | null) => void;
  setReplayedExecution: (id: string | null) => void;
};

export const createActivitySlice: StateCreator<EditorState, [], [], ActivitySlice> = (set, get) => ({
  activityWindow: null,
  activityStats: null,
  activityVisits: {},
  replayedExecutionId: null,
  setActivityWindow: (activityWindow) => {
    if (activityWindow === null && get().replayedExecutionId) get().clearTestRun();
    set(
      activityWindow === null
        ? { activityWindow, activityStats: null, activityVisits: {}, replayedExecutionId: null }
        : { activityWindow, activityStats: null, activityVisits: {} },
    );
  },
  setActivityStats: (stats) =>
    set({ activityStats: stats, activityVisits: stats ? activityCounts(stats, []).nodes : {} }),
  setReplayedExecution: (replayedExecutionId) => set({ replayedExecutionId }),
});

/**
 * Maps the server's per-step and per-port counts onto the canvas: a node shows its visits, an edge
 * the count of its source node's port (one edge per port). Ports with no edge (a run that ended
 * there) have nothing to label; edges nobody took are left out rather than labelled 0.
 */
export function activityCounts(
  stats: ActivityStats,
  edges: readonly { id: string; source: string; sourceHandle?: string | null }[],
): ActivityCounts {
  const nodes: Record<string, number> = {};
  for (const s of stats.steps) nodes[s.stepId] = s.visits;
  const byPort = new Map(stats.ports.map((p) => [`${p.stepId}\u0000${p.port ?? ''}`, p.count]));
  const counts: Record<string, number> = {};
  for (const e of edges) {
    const count = byPort.get(`${e.source}\u0000${e.sourceHandle ?? ''}`);
    if (count) counts[e.id] = count;
  }
  return { nodes, edges: counts };
}
