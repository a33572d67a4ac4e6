'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Activity, X } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useMemo } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import type { FlowEdge } from '../graph-convert';
import { type ActivityWindow, activityCounts } from '../store/activity-slice';
import { useEditorStore } from '../store/editor-store-provider';

/** How often the overlay and the execution list refresh while the overlay is on. */
const ACTIVITY_REFRESH_MS = 10_000;
const WINDOWS: ActivityWindow[] = ['hour', 'day'];

/** Toolbar toggle and window select; shown only once the flow has a published version to measure. */
export function ActivityToggle({ flowId }: { flowId: string }) {
  const t = useTranslations('editorActivity');
  const trpc = useTRPC();
  const versions = useQuery(trpc.flows.versions.queryOptions({ flowId }));
  const { window, setWindow } = useEditorStore(
    useShallow((s) => ({ window: s.activityWindow, setWindow: s.setActivityWindow })),
  );
  if (!versions.data || versions.data.length === 0) return null;
  return (
    <div className="ml-1 flex items-center gap-1 border-l border-slate-200 pl-2">
      <Button
        variant="ghost"
        size="sm"
        aria-pressed={window !== null}
        onClick={() => setWindow(window === null ? 'hour' : null)}
        data-testid="activity-toggle"
      >
        <Activity aria-hidden className="size-4" />
        {t('toggle')}
      </Button>
      {window ? (
        <select
          aria-label={t('window')}
          value={window}
          onChange={(e) => setWindow(WINDOWS.find((w) => w === e.target.value) ?? 'hour')}
          data-testid="activity-window"
          className="rounded border border-slate-300 bg-white px-1 py-0.5 text-sm"
        >
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              {t(`windows.${w}`)}
            </option>
          ))}
        </select>
      ) : null}
    </div>
  );
}

/**
 * While the overlay is on: polls the flow's stats into the store (the nodes and edges read them),
 * and lists the latest executions; a click replays one's path on the canvas.
 */
export function ActivityPanel({ flowId }: { flowId: string }) {
  const window = useEditorStore((s) => s.activityWindow);
  if (!window) return null;
  return <ActivityPanelOn flowId={flowId} window={window} />;
}

function ActivityPanelOn({ flowId, window }: { flowId: string; window: ActivityWindow }) {
  const t = useTranslations('editorActivity');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { setStats, setWindow, replayed, setReplayed, showTestRun, clearTestRun } = useEditorStore(
    useShallow((s) => ({
      setStats: s.setActivityStats,
      setWindow: s.setActivityWindow,
      replayed: s.replayedExecutionId,
      setReplayed: s.setReplayedExecution,
      showTestRun: s.showTestRun,
      clearTestRun: s.clearTestRun,
    })),
  );
  const stats = useQuery(
    trpc.executions.flowStats.queryOptions({ flowId, window }, { refetchInterval: ACTIVITY_REFRESH_MS }),
  );
  const list = useQuery(
    trpc.executions.list.queryOptions({ flowId, limit: 20 }, { refetchInterval: ACTIVITY_REFRESH_MS }),
  );
  useEffect(() => {
    if (stats.data) setStats(stats.data);
  }, [stats.data, setStats]);

  const replay = async (id: string) => {
    if (replayed === id) {
      setReplayed(null);
      clearTestRun();
      return;
    }
    try {
      const trace = await queryClient.fetchQuery(trpc.executions.trace.queryOptions({ id }));
      showTestRun(
        null,
        trace.map((r) => ({ stepId: r.stepId, port: r.port })),
      );
      setReplayed(id);
    } catch {
      toast.error(t('traceFailed'));
    }
  };

  const rows = list.data ?? [];
  return (
    <aside
      aria-label={t('panel')}
      data-testid="activity-panel"
      className="flex w-72 shrink-0 flex-col border-l border-slate-200 bg-white"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
        <h2 className="text-sm font-semibold">{t('panel')}</h2>
        <Button variant="ghost" size="icon-sm" aria-label={t('close')} onClick={() => setWindow(null)}>
          <X aria-hidden className="size-4" />
        </Button>
      </div>
      <p role="status" className="px-3 py-2 text-xs text-slate-600" data-testid="activity-summary">
        {stats.data ? t('summary', { count: stats.data.executions, window }) : t('loading')}
      </p>
      <h3 className="px-3 pt-1 text-xs font-medium uppercase text-slate-600">{t('latest')}</h3>
      {list.isPending ? <p className="px-3 py-2 text-sm text-slate-600">{t('loading')}</p> : null}
      {!list.isPending && rows.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-600">{t('none')}</p>
      ) : null}
      <ul className="min-h-0 flex-1 overflow-y-auto p-2" data-testid="activity-executions">
        {rows.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              aria-pressed={replayed === e.id}
              onClick={() => void replay(e.id)}
              data-testid="activity-execution"
              className={`w-full rounded px-2 py-1.5 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500 ${replayed === e.id ? 'bg-violet-50 ring-1 ring-violet-400' : ''}`}
            >
              <span className="block truncate font-medium">{e.contactRef ?? t('noContact')}</span>
              <span className="block text-xs text-slate-600">
                {format.dateTime(e.startedAt, { dateStyle: 'short', timeStyle: 'medium' })} ·{' '}
                {t('status', { status: e.status })}
                {e.version ? ` · v${e.version}` : ''}
                {e.test ? ` · ${t('test')}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {replayed ? (
        <p className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600">{t('replayHint')}</p>
      ) : null}
    </aside>
  );
}

/** A node's visit count, drawn as a small badge while the overlay is on. */
export function ActivityBadge({ nodeId }: { nodeId: string }) {
  const t = useTranslations('editorActivity');
  const visits = useEditorStore((s) => (s.activityWindow ? (s.activityVisits[nodeId] ?? 0) : null));
  if (visits === null) return null;
  return (
    <span
      className="absolute -top-3 right-2 rounded-full bg-sky-700 px-1.5 text-xs font-medium text-white shadow"
      title={t('visits', { count: visits })}
      data-testid="node-activity"
    >
      {visits}
    </span>
  );
}

const EDGE_LABEL = {
  labelStyle: { fill: '#0c4a6e', fontWeight: 600, fontSize: 12 },
  labelBgStyle: { fill: '#e0f2fe' },
  labelBgPadding: [4, 2] satisfies [number, number],
  labelBgBorderRadius: 4,
} as const;

/** Edges labelled with how many times their source's port was taken, while the overlay is on. */
export function useActivityEdges(edges: FlowEdge[]): FlowEdge[] {
  const stats = useEditorStore((s) => (s.activityWindow ? s.activityStats : null));
  return useMemo(() => {
    if (!stats) return edges;
    const counts = activityCounts(stats, edges).edges;
    return edges.map((e) => {
      const count = counts[e.id];
      return count ? { ...e, label: String(count), ...EDGE_LABEL } : e;
    });
  }, [edges, stats]);
}
