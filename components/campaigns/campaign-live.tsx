'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { allowedActions, type CampaignPacing } from '@/lib/contracts/campaign';
import { AttemptsChart } from './attempts-chart';
import { CampaignContacts } from './campaign-contacts';
import { ReasonCounts } from './reason-counts';
import { CampaignStatusBadge, ProgressBar } from './status-badge';

/** How often the page asks for progress: within the 2 s the issue allows, without reloading. */
export const PROGRESS_REFRESH_MS = 1_000;

/** A launched campaign, live: progress, counts, reasons, the attempts chart, controls and contacts. */
export function CampaignLive({
  campaignId,
  canControl,
  canEdit,
  canViewExecutions,
}: {
  campaignId: string;
  canControl: boolean;
  canEdit: boolean;
  canViewExecutions: boolean;
}) {
  const t = useTranslations('campaigns.live');
  const tc = useTranslations('campaigns');
  const format = useFormatter();
  const trpc = useTRPC();
  const progress = useQuery({
    ...trpc.campaigns.progress.queryOptions({ id: campaignId }),
    refetchInterval: PROGRESS_REFRESH_MS,
    staleTime: 0,
  });
  const events = useQuery({
    ...trpc.campaigns.events.queryOptions({ id: campaignId }),
    refetchInterval: 5_000,
  });
  const chart = useQuery({
    ...trpc.campaigns.attemptsPerHour.queryOptions({ id: campaignId }),
    refetchInterval: 15_000,
  });
  const p = progress.data;
  if (!p) return <p className="text-sm text-slate-600">{t('loading')}</p>;
  const eta =
    p.etaSeconds === null
      ? t('etaUnknown')
      : format.relativeTime(new Date(Date.now() + p.etaSeconds * 1000), { now: new Date() });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <CampaignStatusBadge status={p.status} />
        <Controls
          campaignId={campaignId}
          status={p.status}
          pacing={p.pacing}
          canControl={canControl}
          canEdit={canEdit}
        />
      </div>
      {p.lowCallable ? (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {t('lowCallable', { callable: p.callable })}
        </p>
      ) : null}
      <Card title={t('progress')}>
        <ProgressBar value={p.progress} label={t('progress')} />
        <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-4" data-testid="campaign-progress">
          <Stat label={t('percent')} value={`${format.number(p.progress, { maximumFractionDigits: 1 })} %`} />
          <Stat label={t('total')} value={format.number(p.total)} />
          <Stat label={t('remaining')} value={format.number(p.remaining)} />
          <Stat label={t('eta')} value={eta} />
          <Stat
            label={t('rate')}
            value={t('perSecond', { rate: format.number(p.ratePerSecond, { maximumFractionDigits: 2 }) })}
          />
          <Stat label={t('pace')} value={t('perSecond', { rate: format.number(p.pacing.perSecond) })} />
          <Stat
            label={t('share')}
            value={
              p.engine
                ? t('perSecond', { rate: format.number(p.engine.shareRate, { maximumFractionDigits: 2 }) })
                : '—'
            }
          />
          <Stat label={t('window')} value={p.windowOpen ? t('windowOpen') : t('windowClosed')} />
        </dl>
      </Card>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t('byState')}>
          <Counts entries={Object.entries(p.byState)} label={(k) => tc(`contactStates.${k}`)} />
        </Card>
        <Card title={t('byOutcome')}>
          <Counts
            entries={Object.entries(p.byOutcome)}
            label={(k) => (tc.has(`outcomes.${k}`) ? tc(`outcomes.${k}`) : k)}
          />
        </Card>
        <Card title={t('byDisposition')}>
          <Counts entries={Object.entries(p.byDisposition)} label={(k) => k} />
        </Card>
      </div>
      <Card title={t('reasons')}>
        {Object.keys(p.byReason).length === 0 ? (
          <p className="text-sm text-slate-600">{t('noReasons')}</p>
        ) : null}
        <ReasonCounts counts={p.byReason} />
      </Card>
      <Card title={t('attemptsPerHour')}>
        <AttemptsChart hours={chart.data ?? []} />
      </Card>
      <Card title={t('contacts')}>
        <CampaignContacts campaignId={campaignId} canViewExecutions={canViewExecutions} />
      </Card>
      <Card title={t('history')}>
        <ol className="space-y-1 text-sm" data-testid="campaign-events">
          {(events.data ?? []).map((e) => (
            <li key={e.id}>
              <span className="text-slate-600">
                {format.dateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}
              </span>{' '}
              {tc.has(`events.${e.type}`) ? tc(`events.${e.type}`) : e.type} ·{' '}
              {e.actorName ??
                tc(`sources.${e.source === 'api' ? 'api' : e.source === 'engine' ? 'engine' : 'ui'}`)}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function Counts({
  entries,
  label,
}: {
  entries: [string, number | undefined][];
  label: (k: string) => string;
}) {
  const t = useTranslations('campaigns.live');
  if (entries.length === 0) return <p className="text-sm text-slate-600">{t('none')}</p>;
  return (
    <dl className="space-y-1 text-sm">
      {entries.map(([k, n]) => (
        <div key={k} className="flex justify-between gap-4">
          <dt>{label(k)}</dt>
          <dd className="tabular-nums">{n ?? 0}</dd>
        </div>
      ))}
    </dl>
  );
}

function Controls({
  campaignId,
  status,
  pacing,
  canControl,
  canEdit,
}: {
  campaignId: string;
  status: Parameters<typeof allowedActions>[0];
  pacing: CampaignPacing;
  canControl: boolean;
  canEdit: boolean;
}) {
  const t = useTranslations('campaigns.live');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [paceOpen, setPaceOpen] = useState(false);
  const [pace, setPace] = useState(pacing);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.campaigns.progress.queryKey({ id: campaignId }) });
  const onError = (err: { message: string }) => toast.error(t('actionFailed', { reason: err.message }));
  const pause = useMutation(trpc.campaigns.pause.mutationOptions({ onSuccess: refresh, onError }));
  const resume = useMutation(trpc.campaigns.resume.mutationOptions({ onSuccess: refresh, onError }));
  const cancel = useMutation(trpc.campaigns.cancel.mutationOptions({ onSuccess: refresh, onError }));
  const setPaceMutation = useMutation(
    trpc.campaigns.setPace.mutationOptions({
      onSuccess: () => {
        setPaceOpen(false);
        toast.success(t('paceSaved'));
        return refresh();
      },
      onError,
    }),
  );
  const actions = allowedActions(status);
  const busy = pause.isPending || resume.isPending || cancel.isPending;
  return (
    <div className="flex flex-wrap gap-2">
      {canControl && actions.includes('pause') ? (
        <Button variant="secondary" disabled={busy} onClick={() => pause.mutate({ id: campaignId })}>
          {t('pause')}
        </Button>
      ) : null}
      {canControl && actions.includes('resume') ? (
        <Button disabled={busy} onClick={() => resume.mutate({ id: campaignId })}>
          {t('resume')}
        </Button>
      ) : null}
      {canEdit && (status === 'running' || status === 'paused' || status === 'scheduled') ? (
        <Button
          variant="secondary"
          onClick={() => {
            setPace(pacing);
            setPaceOpen(true);
          }}
        >
          {t('editPace')}
        </Button>
      ) : null}
      {canControl && actions.includes('cancel') ? (
        <Button variant="danger" disabled={busy} onClick={() => setConfirmCancel(true)}>
          {t('cancel')}
        </Button>
      ) : null}
      <Dialog
        open={confirmCancel}
        onClose={() => setConfirmCancel(false)}
        title={t('cancelTitle')}
        description={t('cancelDescription')}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmCancel(false)}>
              {t('keepRunning')}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirmCancel(false);
                cancel.mutate({ id: campaignId });
              }}
            >
              {t('confirmCancel')}
            </Button>
          </>
        }
      />
      <Dialog
        open={paceOpen}
        onClose={() => setPaceOpen(false)}
        title={t('editPace')}
        submitLabel={t('savePace')}
        submitDisabled={setPaceMutation.isPending}
        onSubmit={(e) => {
          e.preventDefault();
          setPaceMutation.mutate({ id: campaignId, pacing: pace });
        }}
      >
        <Field label={t('pacePerSecond')}>
          {(c) => (
            <Input
              {...c}
              type="number"
              min={0.1}
              max={1000}
              step={0.1}
              value={pace.perSecond}
              onChange={(e) => setPace({ ...pace, perSecond: Number(e.target.value) })}
            />
          )}
        </Field>
        <Field label={t('paceConcurrent')}>
          {(c) => (
            <Input
              {...c}
              type="number"
              min={1}
              max={10000}
              value={pace.maxConcurrent}
              onChange={(e) => setPace({ ...pace, maxConcurrent: Number(e.target.value) })}
            />
          )}
        </Field>
      </Dialog>
    </div>
  );
}
