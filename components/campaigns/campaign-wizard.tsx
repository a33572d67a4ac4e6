'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { Tabs } from '@/components/ui/tabs';
import {
  CAMPAIGN_CHANNELS,
  type CallingWindow,
  type CampaignAudience,
  type CampaignChannel,
  type CampaignPacing,
  type CampaignRetries,
  type CampaignSchedule,
  DEFAULT_WINDOWS,
  DIALING_MODES,
  type DialingMode,
  type FrequencyCap,
  LEGAL_BASES,
  type LegalBasis,
  missingForLaunch,
  NO_LLAME_EXEMPT,
  RETRYABLE_OUTCOMES,
  type RelativeRule,
} from '@/lib/contracts/campaign';
import { ReasonCounts } from './reason-counts';

export type WizardSettings = {
  name: string;
  flowId: string | null;
  channel: CampaignChannel;
  dialingMode: DialingMode;
  agentQueueId: string | null;
  legalBasis: LegalBasis;
  purpose: string;
  audience: CampaignAudience;
  schedule: CampaignSchedule;
  pacing: CampaignPacing;
  retries: CampaignRetries;
  frequencyCap: FrequencyCap | null;
  relative: RelativeRule | null;
};

export const NEW_CAMPAIGN: WizardSettings = {
  name: '',
  flowId: null,
  channel: 'sms',
  dialingMode: 'agentless',
  agentQueueId: null,
  legalBasis: 'public_interest',
  purpose: '',
  audience: { listIds: [], filters: [] },
  schedule: {
    startAt: null,
    endAt: null,
    timeZone: 'America/Argentina/Cordoba',
    windows: DEFAULT_WINDOWS,
    channelWindows: {},
    holidays: 'AR-S',
  },
  pacing: { perSecond: 10, maxConcurrent: 50 },
  retries: {},
  frequencyCap: null,
  relative: null,
};

const STEPS = ['basics', 'audience', 'schedule', 'pacing', 'review'] as const;
type Step = (typeof STEPS)[number];
const DAYS = [1, 2, 3, 4, 5, 6, 0];
const FILTER_OPS = ['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'not_empty'] as const;

/** The campaign wizard: flow, audience, schedule, pacing and retries, review with counts, then launch. */
export function CampaignWizard({ campaignId, initial }: { campaignId?: string; initial: WizardSettings }) {
  const t = useTranslations('campaigns.wizard');
  const tc = useTranslations('campaigns');
  const trpc = useTRPC();
  const router = useRouter();
  const [step, setStep] = useState<Step>('basics');
  const [s, setS] = useState<WizardSettings>(initial);
  const [id, setId] = useState(campaignId);
  const set = <K extends keyof WizardSettings>(key: K, value: WizardSettings[K]) =>
    setS((prev) => ({ ...prev, [key]: value }));

  const flows = useQuery(trpc.campaigns.flowOptions.queryOptions());
  const lists = useQuery(trpc.campaigns.listOptions.queryOptions());
  const preview = useQuery({
    ...trpc.campaigns.previewAudience.queryOptions({ audience: s.audience, channel: s.channel }),
    enabled: step === 'review' || step === 'audience',
  });
  const create = useMutation(trpc.campaigns.create.mutationOptions());
  const update = useMutation(trpc.campaigns.update.mutationOptions());
  const launch = useMutation(trpc.campaigns.launch.mutationOptions());

  const save = async (): Promise<string | null> => {
    try {
      if (id) {
        await update.mutateAsync({ id, patch: s });
        return id;
      }
      const row = await create.mutateAsync(s);
      setId(row.id);
      window.history.replaceState(null, '', `/campaigns/${row.id}`);
      return row.id;
    } catch (err) {
      toast.error(t('saveFailed', { reason: err instanceof Error ? err.message : '' }));
      return null;
    }
  };
  const onSave = async () => {
    if (await save()) toast.success(t('saved'));
  };
  const onLaunch = async () => {
    const saved = await save();
    if (!saved) return;
    try {
      await launch.mutateAsync({ id: saved });
      toast.success(t('launched'));
      router.push(`/campaigns/${saved}`);
      router.refresh();
    } catch (err) {
      toast.error(t('launchFailed', { reason: err instanceof Error ? err.message : '' }));
    }
  };
  const missing = missingForLaunch(s);
  const index = STEPS.indexOf(step);
  const busy = create.isPending || update.isPending || launch.isPending;

  return (
    <div className="space-y-4">
      <Tabs
        label={t('steps')}
        items={STEPS.map((k) => ({ id: k, label: t(`step.${k}`) }))}
        value={step}
        onChange={setStep}
      >
        <Card>
          {step === 'basics' ? (
            <div className="grid gap-4 md:grid-cols-2">
              <Field label={t('name')}>
                {(c) => (
                  <Input
                    {...c}
                    value={s.name}
                    maxLength={120}
                    onChange={(e) => set('name', e.target.value)}
                  />
                )}
              </Field>
              <Field label={t('flow')} hint={t('flowHint')}>
                {(c) => (
                  <Select
                    {...c}
                    value={s.flowId ?? ''}
                    onChange={(e) => set('flowId', e.target.value || null)}
                  >
                    <option value="">{t('chooseFlow')}</option>
                    {(flows.data ?? []).map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.name} (v{f.version})
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field label={t('channel')}>
                {(c) => (
                  <Select
                    {...c}
                    value={s.channel}
                    onChange={(e) => set('channel', e.target.value as CampaignChannel)}
                  >
                    {CAMPAIGN_CHANNELS.map((ch) => (
                      <option key={ch} value={ch}>
                        {tc(`channels.${ch}`)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field label={t('dialingMode')} hint={t('dialingModeHint')}>
                {(c) => (
                  <Select
                    {...c}
                    value={s.dialingMode}
                    onChange={(e) => set('dialingMode', e.target.value as DialingMode)}
                  >
                    {DIALING_MODES.map((m) => (
                      <option key={m} value={m}>
                        {tc(`dialingModes.${m}`)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field
                label={t('legalBasis')}
                hint={NO_LLAME_EXEMPT.has(s.legalBasis) ? t('noLlameExempt') : t('noLlameApplies')}
              >
                {(c) => (
                  <Select
                    {...c}
                    value={s.legalBasis}
                    onChange={(e) => set('legalBasis', e.target.value as LegalBasis)}
                  >
                    {LEGAL_BASES.map((b) => (
                      <option key={b} value={b}>
                        {tc(`legalBases.${b}`)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field label={t('purpose')} hint={t('purposeHint')}>
                {(c) => (
                  <Input
                    {...c}
                    value={s.purpose}
                    maxLength={64}
                    onChange={(e) => set('purpose', e.target.value)}
                  />
                )}
              </Field>
            </div>
          ) : null}
          {step === 'audience' ? (
            <div className="space-y-4">
              <fieldset className="space-y-2">
                <legend className="text-sm font-medium text-slate-700">{t('lists')}</legend>
                {(lists.data ?? []).length === 0 ? (
                  <p className="text-sm text-slate-600">{t('noLists')}</p>
                ) : null}
                {(lists.data ?? []).map((l) => (
                  <Checkbox
                    key={l.id}
                    label={`${l.name} · ${t('listRows', { count: l.validRows })}${l.status === 'ready' ? '' : ` · ${t('listNotReady')}`}`}
                    checked={s.audience.listIds.includes(l.id)}
                    onChange={(e) =>
                      set('audience', {
                        ...s.audience,
                        listIds: e.target.checked
                          ? [...s.audience.listIds, l.id]
                          : s.audience.listIds.filter((x) => x !== l.id),
                      })
                    }
                  />
                ))}
              </fieldset>
              <fieldset className="space-y-2">
                <legend className="text-sm font-medium text-slate-700">{t('filters')}</legend>
                {s.audience.filters.map((f, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a filter has no identity but its place
                  <div key={i} className="flex flex-wrap items-end gap-2">
                    <Field label={t('filterField')}>
                      {(c) => (
                        <Input
                          {...c}
                          value={f.field}
                          onChange={(e) =>
                            set('audience', {
                              ...s.audience,
                              filters: s.audience.filters.map((x, j) =>
                                j === i ? { ...x, field: e.target.value } : x,
                              ),
                            })
                          }
                        />
                      )}
                    </Field>
                    <Field label={t('filterOp')}>
                      {(c) => (
                        <Select
                          {...c}
                          value={f.op}
                          onChange={(e) =>
                            set('audience', {
                              ...s.audience,
                              filters: s.audience.filters.map((x, j) =>
                                j === i ? { ...x, op: e.target.value as (typeof FILTER_OPS)[number] } : x,
                              ),
                            })
                          }
                        >
                          {FILTER_OPS.map((op) => (
                            <option key={op} value={op}>
                              {t(`ops.${op}`)}
                            </option>
                          ))}
                        </Select>
                      )}
                    </Field>
                    <Field label={t('filterValue')}>
                      {(c) => (
                        <Input
                          {...c}
                          value={f.value}
                          onChange={(e) =>
                            set('audience', {
                              ...s.audience,
                              filters: s.audience.filters.map((x, j) =>
                                j === i ? { ...x, value: e.target.value } : x,
                              ),
                            })
                          }
                        />
                      )}
                    </Field>
                    <Button
                      variant="danger-link"
                      onClick={() =>
                        set('audience', {
                          ...s.audience,
                          filters: s.audience.filters.filter((_, j) => j !== i),
                        })
                      }
                    >
                      {t('removeFilter')}
                    </Button>
                  </div>
                ))}
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() =>
                    set('audience', {
                      ...s.audience,
                      filters: [...s.audience.filters, { field: '', op: 'eq', value: '' }],
                    })
                  }
                >
                  {t('addFilter')}
                </Button>
              </fieldset>
              {preview.data ? <AudienceCounts summary={preview.data} /> : null}
            </div>
          ) : null}
          {step === 'schedule' ? <ScheduleStep s={s} set={set} /> : null}
          {step === 'pacing' ? <PacingStep s={s} set={set} /> : null}
          {step === 'review' ? (
            <div className="space-y-4" data-testid="campaign-review">
              <dl className="grid gap-2 text-sm md:grid-cols-2">
                <dt className="font-medium text-slate-700">{t('name')}</dt>
                <dd>{s.name || '—'}</dd>
                <dt className="font-medium text-slate-700">{t('flow')}</dt>
                <dd>{flows.data?.find((f) => f.id === s.flowId)?.name ?? '—'}</dd>
                <dt className="font-medium text-slate-700">{t('channel')}</dt>
                <dd>{tc(`channels.${s.channel}`)}</dd>
                <dt className="font-medium text-slate-700">{t('legalBasis')}</dt>
                <dd>{tc(`legalBases.${s.legalBasis}`)}</dd>
                <dt className="font-medium text-slate-700">{t('pace')}</dt>
                <dd>
                  {t('paceValue', { perSecond: s.pacing.perSecond, maxConcurrent: s.pacing.maxConcurrent })}
                </dd>
              </dl>
              {preview.data ? <AudienceCounts summary={preview.data} /> : null}
              {missing.length > 0 ? (
                <div role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
                  <p className="font-medium">{t('missingTitle')}</p>
                  <ul className="list-disc pl-5">
                    {missing.map((m) => (
                      <li key={m}>{t(`missing.${m}`)}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          ) : null}
        </Card>
      </Tabs>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          disabled={index === 0}
          onClick={() => setStep(STEPS[index - 1] ?? 'basics')}
        >
          {t('previous')}
        </Button>
        {index < STEPS.length - 1 ? (
          <Button variant="secondary" onClick={() => setStep(STEPS[index + 1] ?? 'review')}>
            {t('next')}
          </Button>
        ) : null}
        <Button variant="secondary" disabled={busy || !s.name.trim()} onClick={onSave}>
          {t('saveDraft')}
        </Button>
        {step === 'review' ? (
          <Button disabled={busy || missing.length > 0 || !s.name.trim()} onClick={onLaunch}>
            {t('launch')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function AudienceCounts({
  summary,
}: {
  summary: { total: number; eligible: number; excluded: Record<string, number | undefined> };
}) {
  const t = useTranslations('campaigns.wizard');
  return (
    <div className="space-y-2" data-testid="audience-counts">
      <p className="text-sm">{t('audienceCounts', { total: summary.total, eligible: summary.eligible })}</p>
      <ReasonCounts counts={summary.excluded} />
    </div>
  );
}

type SetFn = <K extends keyof WizardSettings>(key: K, value: WizardSettings[K]) => void;

function ScheduleStep({ s, set }: { s: WizardSettings; set: SetFn }) {
  const t = useTranslations('campaigns.wizard');
  const tDays = useTranslations('campaigns.days');
  const windowOf = (day: number) => s.schedule.windows.find((w) => w.day === day);
  const setWindow = (day: number, w: CallingWindow | null) =>
    set('schedule', {
      ...s.schedule,
      windows: [...s.schedule.windows.filter((x) => x.day !== day), ...(w ? [w] : [])].sort(
        (a, b) => a.day - b.day,
      ),
    });
  // datetime-local inputs read and write the browser's wall clock.
  const toLocal = (iso: string | null) => {
    if (!iso) return '';
    const d = new Date(iso);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  const fromLocal = (v: string) => (v ? new Date(v).toISOString() : null);
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <Field label={t('startAt')} hint={t('localHint')}>
          {(c) => (
            <Input
              {...c}
              type="datetime-local"
              value={toLocal(s.schedule.startAt)}
              onChange={(e) => set('schedule', { ...s.schedule, startAt: fromLocal(e.target.value) })}
            />
          )}
        </Field>
        <Field label={t('endAt')} hint={t('localHint')}>
          {(c) => (
            <Input
              {...c}
              type="datetime-local"
              value={toLocal(s.schedule.endAt)}
              onChange={(e) => set('schedule', { ...s.schedule, endAt: fromLocal(e.target.value) })}
            />
          )}
        </Field>
        <Field label={t('timeZone')}>
          {(c) => (
            <Input
              {...c}
              value={s.schedule.timeZone}
              onChange={(e) => set('schedule', { ...s.schedule, timeZone: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('holidays')}>
          {(c) => (
            <Select
              {...c}
              value={s.schedule.holidays}
              onChange={(e) => set('schedule', { ...s.schedule, holidays: e.target.value })}
            >
              <option value="AR-S">{t('holidaysSantaFe')}</option>
              <option value="AR">{t('holidaysNational')}</option>
              <option value="none">{t('holidaysNone')}</option>
            </Select>
          )}
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t('windows')}</legend>
        {DAYS.map((day) => {
          const w = windowOf(day);
          return (
            <div key={day} className="flex flex-wrap items-center gap-3">
              <Checkbox
                label={tDays(String(day))}
                labelClassName="w-32"
                checked={Boolean(w)}
                onChange={(e) =>
                  setWindow(day, e.target.checked ? { day, start: '08:00', end: '18:00' } : null)
                }
              />
              {w ? (
                <>
                  <Input
                    type="time"
                    aria-label={t('windowStart', { day: tDays(String(day)) })}
                    value={w.start}
                    onChange={(e) => setWindow(day, { ...w, start: e.target.value })}
                    className="w-32"
                  />
                  <Input
                    type="time"
                    aria-label={t('windowEnd', { day: tDays(String(day)) })}
                    value={w.end}
                    onChange={(e) => setWindow(day, { ...w, end: e.target.value })}
                    className="w-32"
                  />
                </>
              ) : null}
            </div>
          );
        })}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t('relative')}</legend>
        <Checkbox
          label={t('relativeOn')}
          checked={s.relative !== null}
          onChange={(e) =>
            set('relative', e.target.checked ? { field: 'dose_date', offsetDays: -3, at: '10:00' } : null)
          }
        />
        {s.relative ? (
          <div className="grid gap-4 md:grid-cols-3">
            <Field label={t('relativeField')}>
              {(c) => (
                <Input
                  {...c}
                  value={s.relative?.field ?? ''}
                  onChange={(e) => s.relative && set('relative', { ...s.relative, field: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('relativeOffset')} hint={t('relativeOffsetHint')}>
              {(c) => (
                <Input
                  {...c}
                  type="number"
                  min={-365}
                  max={365}
                  value={s.relative?.offsetDays ?? 0}
                  onChange={(e) =>
                    s.relative && set('relative', { ...s.relative, offsetDays: Number(e.target.value) })
                  }
                />
              )}
            </Field>
            <Field label={t('relativeAt')}>
              {(c) => (
                <Input
                  {...c}
                  type="time"
                  value={s.relative?.at ?? '10:00'}
                  onChange={(e) => s.relative && set('relative', { ...s.relative, at: e.target.value })}
                />
              )}
            </Field>
          </div>
        ) : null}
      </fieldset>
    </div>
  );
}

function PacingStep({ s, set }: { s: WizardSettings; set: SetFn }) {
  const t = useTranslations('campaigns.wizard');
  const tOutcome = useTranslations('campaigns.outcomes');
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={t('perSecond')}>
          {(c) => (
            <Input
              {...c}
              type="number"
              min={0.1}
              max={1000}
              step={0.1}
              value={s.pacing.perSecond}
              onChange={(e) => set('pacing', { ...s.pacing, perSecond: Number(e.target.value) })}
            />
          )}
        </Field>
        <Field label={t('maxConcurrent')}>
          {(c) => (
            <Input
              {...c}
              type="number"
              min={1}
              max={10000}
              value={s.pacing.maxConcurrent}
              onChange={(e) => set('pacing', { ...s.pacing, maxConcurrent: Number(e.target.value) })}
            />
          )}
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t('retries')}</legend>
        {RETRYABLE_OUTCOMES.map((o) => {
          const rule = s.retries[o];
          return (
            <div key={o} className="flex flex-wrap items-end gap-3">
              <span className="w-40 text-sm">{tOutcome(o)}</span>
              <Field label={t('retryMax')}>
                {(c) => (
                  <Input
                    {...c}
                    type="number"
                    min={0}
                    max={10}
                    value={rule?.max ?? 0}
                    onChange={(e) => {
                      const max = Number(e.target.value);
                      const { [o]: _, ...rest } = s.retries;
                      set(
                        'retries',
                        max > 0 ? { ...rest, [o]: { max, delayMinutes: rule?.delayMinutes ?? 60 } } : rest,
                      );
                    }}
                  />
                )}
              </Field>
              <Field label={t('retryDelay')}>
                {(c) => (
                  <Input
                    {...c}
                    type="number"
                    min={1}
                    disabled={!rule}
                    value={rule?.delayMinutes ?? 60}
                    onChange={(e) =>
                      rule &&
                      set('retries', { ...s.retries, [o]: { ...rule, delayMinutes: Number(e.target.value) } })
                    }
                  />
                )}
              </Field>
            </div>
          );
        })}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">{t('frequencyCap')}</legend>
        <Checkbox
          label={t('frequencyCapOn')}
          checked={s.frequencyCap !== null}
          onChange={(e) => set('frequencyCap', e.target.checked ? { max: 2, days: 7 } : null)}
        />
        {s.frequencyCap ? (
          <div className="grid gap-4 md:grid-cols-2">
            <Field label={t('capMax')}>
              {(c) => (
                <Input
                  {...c}
                  type="number"
                  min={1}
                  max={100}
                  value={s.frequencyCap?.max ?? 2}
                  onChange={(e) =>
                    s.frequencyCap && set('frequencyCap', { ...s.frequencyCap, max: Number(e.target.value) })
                  }
                />
              )}
            </Field>
            <Field label={t('capDays')}>
              {(c) => (
                <Input
                  {...c}
                  type="number"
                  min={1}
                  max={365}
                  value={s.frequencyCap?.days ?? 7}
                  onChange={(e) =>
                    s.frequencyCap && set('frequencyCap', { ...s.frequencyCap, days: Number(e.target.value) })
                  }
                />
              )}
            </Field>
          </div>
        ) : null}
      </fieldset>
    </div>
  );
}
