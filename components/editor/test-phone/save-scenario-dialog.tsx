'use client';

import { useQueryClient } from '@tanstack/react-query';
import { Save } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { ScenarioMocks, ScenarioStart, ScenarioStep } from '@/lib/test-scenarios/types';
import { appCodeOf } from '../use-autosave';

/** What the test phone recorded of one session: how it started, what it pretended, what the designer did. */
export type Recording = {
  executionId: string;
  start: ScenarioStart;
  mocks: ScenarioMocks;
  steps: ScenarioStep[];
};

type Live = {
  status: string;
  outcome: string | null;
  path: { stepId: string }[];
  outbox: { body: string }[];
  variables: Record<string, unknown>;
};

/** Variables a designer may pin: the flow's own (vars), the contact found, the API input. */
const CHECKABLE_ROOTS = ['vars', 'contact', 'input'];

/**
 * «Guardar como escenario»: during or after a test, keeps what the designer did and what the
 * engine did (the path always; the outcome, sent messages and chosen variables when ticked).
 */
export function SaveScenarioButton({
  flowId,
  recording,
  live,
  onSaved,
}: {
  flowId: string;
  recording: Recording;
  live: Live | undefined;
  onSaved: () => void;
}) {
  const t = useTranslations('testScenarios.save');
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState(true);
  const [messages, setMessages] = useState(false);
  const [variables, setVariables] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const finished = live !== undefined && live.status !== 'running';
  const candidates = live
    ? leafPaths(live.variables).filter(([p]) => CHECKABLE_ROOTS.includes(p.split('.')[0] ?? ''))
    : [];

  const openDialog = () => {
    setName(
      t('defaultName', { date: format.dateTime(new Date(), { dateStyle: 'short', timeStyle: 'short' }) }),
    );
    setVariables([]);
    setOpen(true);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    try {
      await client.testScenarios.saveFromRun.mutate({
        flowId,
        executionId: recording.executionId,
        name: name.trim(),
        start: recording.start,
        mocks: recording.mocks,
        steps: recording.steps,
        checks: { outcome: outcome && finished, messages, variables },
      });
      toast.success(t('saved', { name: name.trim() }));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: trpc.testScenarios.list.queryKey({ flowId }) });
      onSaved();
    } catch (err) {
      const code = appCodeOf(err);
      toast.error(code === 'SCENARIO_NAME_TAKEN' ? t('nameTaken') : t('failed'));
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button
        variant="secondary"
        aria-haspopup="dialog"
        onClick={openDialog}
        disabled={!live}
        className="w-full"
      >
        <Save aria-hidden className="size-4" />
        {t('button')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('title')}
        description={finished ? undefined : <span className="text-amber-800">{t('stillRunning')}</span>}
        size="sm"
        onSubmit={(e) => void submit(e)}
        submitLabel={t('confirm')}
        submitDisabled={pending || !name.trim()}
      >
        <Field label={t('name')}>
          {(control) => (
            <Input
              {...control}
              value={name}
              required
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium text-slate-700">{t('checks')}</legend>
          <Checkbox
            checked
            disabled
            label={t('path', { count: live?.path.length ?? 0 })}
            labelClassName="text-slate-600"
          />
          {finished ? (
            <Check
              checked={outcome}
              onChange={setOutcome}
              label={t('outcome', { outcome: live?.outcome ?? live?.status ?? '' })}
            />
          ) : null}
          <Check
            checked={messages}
            onChange={setMessages}
            label={t('messages', { count: live?.outbox.length ?? 0 })}
          />
        </fieldset>
        <fieldset className="max-h-48 space-y-1 overflow-y-auto text-sm">
          <legend className="font-medium text-slate-700">{t('variables')}</legend>
          {candidates.length === 0 ? <p className="text-slate-600">{t('noVariables')}</p> : null}
          {candidates.map(([path, value]) => (
            <Check
              key={path}
              checked={variables.includes(path)}
              onChange={(on) => setVariables((v) => (on ? [...v, path] : v.filter((p) => p !== path)))}
              label={`${path} = ${value}`}
              mono
            />
          ))}
        </fieldset>
      </Dialog>
    </>
  );
}

function Check({
  checked,
  onChange,
  label,
  mono,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
  label: string;
  mono?: boolean;
}) {
  return (
    <Checkbox
      checked={checked}
      onChange={(e) => onChange(e.target.checked)}
      label={<span className="block truncate">{label}</span>}
      labelClassName={mono ? 'font-mono text-xs' : ''}
    />
  );
}

/** `root.key.sub` → value as text, for every leaf (lists count as leaves). */
function leafPaths(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return prefix ? [[prefix, typeof value === 'string' ? value : (JSON.stringify(value) ?? '')]] : [];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}
