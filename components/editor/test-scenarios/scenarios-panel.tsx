'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PlayCircle } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import type { ScenarioResult } from '@/lib/test-scenarios/types';
import { type Scenario, ScenarioRow } from './scenario-row';

/**
 * The flow's saved test scenarios: each one replays a test-phone session against the current
 * draft on the real engine and shows whether it still takes the same way, or where it parts.
 */
export function ScenariosPanel({ flowId, flush }: { flowId: string; flush: () => Promise<boolean> }) {
  const t = useTranslations('testScenarios');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.testScenarios.list.queryOptions({ flowId }));
  const [running, setRunning] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Record<string, ScenarioResult>>({});
  const scenarios = list.data ?? [];
  const resultOf = (s: Scenario) => results[s.id] ?? s.lastResult ?? null;
  const busy = running.size > 0;

  const runMany = async (ids: string[]) => {
    if (ids.length === 0) return;
    // The scenarios run against the draft on the server: the last edits must be saved first.
    if (!(await flush())) {
      toast.error(t('unsaved'));
      return;
    }
    setRunning(new Set(ids));
    try {
      for (const id of ids) {
        try {
          const result = await client.testScenarios.run.mutate({ scenarioId: id });
          setResults((r) => ({ ...r, [id]: result }));
        } catch {
          toast.error(t('actionFailed'));
        } finally {
          setRunning((r) => new Set([...r].filter((x) => x !== id)));
        }
      }
    } finally {
      setRunning(new Set());
      await queryClient.invalidateQueries({ queryKey: trpc.testScenarios.list.queryKey({ flowId }) });
    }
  };

  const decided = scenarios.map(resultOf).filter((r): r is ScenarioResult => r !== null);
  return (
    <section aria-label={t('panelTitle')} className="space-y-3 p-3" data-testid="scenarios-panel">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{t('panelTitle')}</h2>
        <Button
          onClick={() => void runMany(scenarios.map((s) => s.id))}
          disabled={busy || scenarios.length === 0}
        >
          <PlayCircle aria-hidden className="size-4" />
          {t('runAll')}
        </Button>
      </div>
      <p className="text-xs text-slate-600">{t('intro')}</p>
      {decided.length > 0 ? (
        <p role="status" className="text-xs font-medium text-slate-700" data-testid="scenarios-totals">
          {t('totals', { passed: decided.filter((r) => r.passed).length, total: scenarios.length })}
        </p>
      ) : null}
      {list.isSuccess && scenarios.length === 0 ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : null}
      <ul className="space-y-2">
        {scenarios.map((s) => (
          <ScenarioRow
            key={s.id}
            flowId={flowId}
            scenario={s}
            result={resultOf(s)}
            running={running.has(s.id)}
            disabled={busy}
            onRun={() => void runMany([s.id])}
          />
        ))}
      </ul>
    </section>
  );
}
