'use client';

import { useTranslations } from 'next-intl';
import { BUSINESS_HOURS_MOCKS, type HttpMock } from '@/lib/contracts/test-mocks-schema';
import type { ScenarioMocks } from '@/lib/test-scenarios/types';
import { AddButton, INPUT, NumberField, RemoveButton } from './simulate-fields';

/** Rows carry an id of their own so React keeps each row's inputs while others are removed. */
type QueueRow = { row: number; queueId: string; waitSeconds: number; agentsAvailable: number };
type HttpRow = HttpMock & { row: number };
let nextRow = 0;

/** What the «Simular» form edits; queues are rows here (a queue may be picked before its numbers). */
export type SimulateState = {
  now: string;
  businessHours: ScenarioMocks['businessHours'];
  queues: QueueRow[];
  http: HttpRow[];
};

export const NO_SIMULATION: SimulateState = { now: '', businessHours: 'real', queues: [], http: [] };

export function toScenarioMocks(s: SimulateState): ScenarioMocks {
  const queues = Object.fromEntries(
    s.queues
      .filter((q) => q.queueId)
      .map((q) => [q.queueId, { waitSeconds: q.waitSeconds, agentsAvailable: q.agentsAvailable }]),
  );
  return {
    businessHours: s.businessHours,
    queues,
    http: s.http
      .filter((h) => h.urlContains.trim())
      .map((h) => ({ urlContains: h.urlContains.trim(), method: h.method, status: h.status, body: h.body })),
    ...(s.now ? { now: s.now } : {}),
  };
}

function activeSimulations(s: SimulateState): number {
  const m = toScenarioMocks(s);
  return (
    (m.now ? 1 : 0) + (m.businessHours === 'real' ? 0 : 1) + Object.keys(m.queues).length + m.http.length
  );
}

const METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * «Simular»: the clock, business hours, queue states and HTTP answers a test run pretends. The
 * engine honours them only in test runs, so a designer can try the closed-hours branch at noon.
 */
export function SimulatePanel({
  value,
  onChange,
  queues,
}: {
  value: SimulateState;
  onChange: (next: SimulateState) => void;
  queues: { id: string; name: string }[];
}) {
  const t = useTranslations('testScenarios.simulate');
  const active = activeSimulations(value);
  const setQueue = (i: number, patch: Partial<QueueRow>) =>
    onChange({ ...value, queues: value.queues.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
  const setHttp = (i: number, patch: Partial<HttpMock>) =>
    onChange({ ...value, http: value.http.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  return (
    <details
      className="rounded border border-slate-200 bg-white"
      data-testid="test-phone-simulate"
      open={active > 0}
    >
      <summary className="cursor-pointer px-2 py-1.5 text-xs font-semibold text-slate-700">
        {t('title')}
        {active > 0 ? (
          <span className="ml-2 font-normal text-brand-700">{t('active', { count: active })}</span>
        ) : null}
      </summary>
      <div className="space-y-3 border-t border-slate-200 p-2 text-xs text-slate-700">
        <p className="text-slate-600">{t('hint')}</p>
        <label className="block">
          {t('businessHours')}
          <select
            aria-label={t('businessHours')}
            value={value.businessHours}
            onChange={(e) => {
              const mode = BUSINESS_HOURS_MOCKS.find((m) => m === e.target.value) ?? 'real';
              onChange({ ...value, businessHours: mode });
            }}
            className={INPUT}
          >
            {BUSINESS_HOURS_MOCKS.map((m) => (
              <option key={m} value={m}>
                {t(m)}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          {t('now')}
          <input
            type="datetime-local"
            value={value.now}
            onChange={(e) => onChange({ ...value, now: e.target.value.slice(0, 16) })}
            className={INPUT}
          />
          <span className="text-slate-600">{t('nowHint')}</span>
        </label>
        <fieldset className="space-y-2">
          <legend className="font-semibold">{t('queues')}</legend>
          {value.queues.map((q, i) => (
            <div
              key={q.row}
              className="space-y-1 rounded border border-slate-200 p-1.5"
              data-testid="simulate-queue"
            >
              <label className="block">
                {t('queue')}
                <select
                  aria-label={t('queue')}
                  value={q.queueId}
                  onChange={(e) => setQueue(i, { queueId: e.target.value })}
                  className={INPUT}
                >
                  <option value="">—</option>
                  {queues.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.name}
                    </option>
                  ))}
                </select>
              </label>
              <div className="grid grid-cols-2 gap-1">
                <NumberField
                  label={t('waitSeconds')}
                  value={q.waitSeconds}
                  max={86_400}
                  onChange={(waitSeconds) => setQueue(i, { waitSeconds })}
                />
                <NumberField
                  label={t('agentsAvailable')}
                  value={q.agentsAvailable}
                  max={10_000}
                  onChange={(agentsAvailable) => setQueue(i, { agentsAvailable })}
                />
              </div>
              <RemoveButton
                label={t('remove')}
                onClick={() => onChange({ ...value, queues: value.queues.filter((_, j) => j !== i) })}
              />
            </div>
          ))}
          <AddButton
            label={t('addQueue')}
            onClick={() =>
              onChange({
                ...value,
                queues: [
                  ...value.queues,
                  { row: nextRow++, queueId: '', waitSeconds: 0, agentsAvailable: 1 },
                ],
              })
            }
          />
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="font-semibold">{t('http')}</legend>
          {value.http.map((h, i) => (
            <div key={h.row} className="space-y-1 rounded border border-slate-200 p-1.5">
              <label className="block">
                {t('urlContains')}
                <input
                  value={h.urlContains}
                  onChange={(e) => setHttp(i, { urlContains: e.target.value })}
                  placeholder="turnos.santafe.gob.ar/api"
                  className={INPUT}
                />
              </label>
              <div className="grid grid-cols-2 gap-1">
                <label className="block">
                  {t('method')}
                  <select
                    aria-label={t('method')}
                    value={h.method}
                    onChange={(e) =>
                      setHttp(i, { method: METHODS.find((m) => m === e.target.value) ?? 'ANY' })
                    }
                    className={INPUT}
                  >
                    {METHODS.map((m) => (
                      <option key={m} value={m}>
                        {m === 'ANY' ? t('anyMethod') : m}
                      </option>
                    ))}
                  </select>
                </label>
                <NumberField
                  label={t('status')}
                  value={h.status}
                  min={100}
                  max={599}
                  onChange={(status) => setHttp(i, { status })}
                />
              </div>
              <label className="block">
                {t('body')}
                <textarea
                  value={h.body}
                  rows={3}
                  onChange={(e) => setHttp(i, { body: e.target.value })}
                  className={`${INPUT} font-mono`}
                />
              </label>
              <RemoveButton
                label={t('remove')}
                onClick={() => onChange({ ...value, http: value.http.filter((_, j) => j !== i) })}
              />
            </div>
          ))}
          <AddButton
            label={t('addHttp')}
            onClick={() =>
              onChange({
                ...value,
                http: [
                  ...value.http,
                  { row: nextRow++, urlContains: '', method: 'ANY', status: 200, body: '{}' },
                ],
              })
            }
          />
        </fieldset>
      </div>
    </details>
  );
}
