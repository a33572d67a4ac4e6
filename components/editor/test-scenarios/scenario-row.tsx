'use client';

import { useQueryClient } from '@tanstack/react-query';
import { CheckCircle2, CircleDashed, Loader2, Pencil, Play, Trash2, XCircle } from 'lucide-react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { differenceMessage, nodeLabel } from '@/lib/test-scenarios/difference-text';
import type { ScenarioResult } from '@/lib/test-scenarios/types';
import type { RouterOutputs } from '@/server/api/types';
import { defaultNodeName } from '@/workflows/kinds/node-name';
import { useEditorStore } from '../store/editor-store-provider';
import { appCodeOf } from '../use-autosave';

export type Scenario = RouterOutputs['testScenarios']['list'][number];

/** One saved scenario: what it pretends, its last result (the first difference when it failed), and its actions. */
export function ScenarioRow({
  flowId,
  scenario,
  result,
  running,
  disabled,
  onRun,
}: {
  flowId: string;
  scenario: Scenario;
  result: ScenarioResult | null;
  running: boolean;
  disabled: boolean;
  onRun: () => void;
}) {
  const t = useTranslations('testScenarios');
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const explain = useDifferenceText();
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(scenario.name);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.testScenarios.list.queryKey({ flowId }) });

  const rename = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await client.testScenarios.rename.mutate({ scenarioId: scenario.id, name: name.trim() });
      setRenaming(false);
      await refresh();
    } catch (err) {
      toast.error(appCodeOf(err) === 'SCENARIO_NAME_TAKEN' ? t('nameTaken') : t('actionFailed'));
    }
  };
  const remove = async () => {
    if (!window.confirm(t('deleteConfirm', { name: scenario.name }))) return;
    try {
      await client.testScenarios.remove.mutate({ scenarioId: scenario.id });
      toast.success(t('deleted', { name: scenario.name }));
      await refresh();
    } catch {
      toast.error(t('actionFailed'));
    }
  };

  const status = running ? 'running' : result === null ? 'never' : result.passed ? 'passed' : 'failed';
  return (
    <li
      className="space-y-1.5 rounded border border-slate-200 bg-white p-2"
      data-testid="scenario"
      data-status={status}
      aria-label={scenario.name}
    >
      <div className="flex items-start justify-between gap-2">
        {renaming ? (
          <form onSubmit={(e) => void rename(e)} className="flex flex-1 gap-1">
            <input
              aria-label={t('renameLabel')}
              value={name}
              maxLength={120}
              required
              onChange={(e) => setName(e.target.value)}
              className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
            />
            <Button type="submit" variant="secondary" disabled={!name.trim()}>
              {t('renameSave')}
            </Button>
          </form>
        ) : (
          <h3 className="text-sm font-medium">{scenario.name}</h3>
        )}
        <StatusBadge status={status} />
      </div>
      <p className="text-xs text-slate-600">
        {t('summary', { steps: scenario.steps.length, nodes: scenario.expectations.path.length })}
        {mocksSummary(t, scenario.mocks)}
      </p>
      {result && !result.passed && result.difference && !running ? (
        <p className="rounded bg-red-50 px-2 py-1 text-xs text-red-800" data-testid="scenario-difference">
          {explain(result)}
        </p>
      ) : null}
      {result && !running ? (
        <p className="text-[11px] text-slate-500">
          {t('lastRun', {
            when: format.dateTime(new Date(result.ranAt), { dateStyle: 'short', timeStyle: 'medium' }),
          })}
        </p>
      ) : null}
      <fieldset aria-label={t('actions', { name: scenario.name })} className="flex gap-1">
        <Button variant="secondary" size="xs" onClick={onRun} disabled={disabled}>
          <Play aria-hidden className="size-3" />
          {t('run')}
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            setName(scenario.name);
            setRenaming((v) => !v);
          }}
          disabled={disabled}
          size="xs"
        >
          <Pencil aria-hidden className="size-3" />
          {t('rename')}
        </Button>
        <Button variant="danger" size="xs" onClick={() => void remove()} disabled={disabled}>
          <Trash2 aria-hidden className="size-3" />
          {t('delete')}
        </Button>
      </fieldset>
    </li>
  );
}

function StatusBadge({ status }: { status: 'running' | 'never' | 'passed' | 'failed' }) {
  const t = useTranslations('testScenarios');
  if (status === 'running')
    return (
      <span className="flex shrink-0 items-center gap-1 text-xs text-slate-700">
        <Loader2 aria-hidden className="size-3 animate-spin" />
        {t('running')}
      </span>
    );
  if (status === 'never')
    return (
      <span className="flex shrink-0 items-center gap-1 text-xs text-slate-600">
        <CircleDashed aria-hidden className="size-3" />
        {t('neverRun')}
      </span>
    );
  return status === 'passed' ? (
    <span className="flex shrink-0 items-center gap-1 text-xs font-medium text-emerald-700">
      <CheckCircle2 aria-hidden className="size-3" />
      {t('passed')}
    </span>
  ) : (
    <span className="flex shrink-0 items-center gap-1 text-xs font-medium text-red-700">
      <XCircle aria-hidden className="size-3" />
      {t('failed')}
    </span>
  );
}

/** The first difference in the designer's words, with the nodes named as the canvas names them now. */
function useDifferenceText() {
  const t = useTranslations('testScenarios');
  const locale = useLocale();
  const nodes = useEditorStore((s) => s.nodes);
  return (result: ScenarioResult): string => {
    if (!result.difference) return '';
    const named = nodes.map((n) => ({
      id: n.id,
      label: n.data.label,
      // Unnamed nodes by the same default name the canvas shows.
      title: defaultNodeName(n.data.kind, n.data.config, locale === 'en' ? 'en' : 'es-AR'),
    }));
    const m = differenceMessage(result.difference, (id) => nodeLabel(named, id));
    return t(m.key, m.values);
  };
}

function mocksSummary(
  t: ReturnType<typeof useTranslations<'testScenarios'>>,
  mocks: Scenario['mocks'],
): string {
  const parts: string[] = [];
  if (mocks.businessHours === 'open') parts.push(t('mockOpen'));
  if (mocks.businessHours === 'closed') parts.push(t('mockClosed'));
  if (mocks.now) parts.push(t('mockNow', { now: mocks.now.replace('T', ' ') }));
  const queues = Object.keys(mocks.queues ?? {}).length;
  if (queues > 0) parts.push(t('mockQueues', { count: queues }));
  if ((mocks.http ?? []).length > 0) parts.push(t('mockHttp', { count: mocks.http.length }));
  return parts.length > 0 ? ` · ${t('mocksSummary', { list: parts.join(', ') })}` : '';
}
