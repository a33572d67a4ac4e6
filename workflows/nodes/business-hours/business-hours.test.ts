import { describe, expect, it } from 'vitest';
import type { EngineActivities } from '../../../lib/contracts/engine-activities';
import { compileSingleNode, testResources } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { businessHours } from './definition';
import { businessHoursRunner } from './run';

type StatusArgs = Parameters<EngineActivities['businessHoursStatus']>[0];
type Status = Awaited<ReturnType<EngineActivities['businessHoursStatus']>>;

function run(status: Status, opts: { holidayConnected?: boolean } = {}) {
  const calls: StatusArgs[] = [];
  const ctx = testStepContext({
    stepId: 'bh',
    now: new Date('2026-07-09T14:30:00.000Z'),
    local: {
      businessHoursStatus: async (args) => {
        calls.push(args);
        return status;
      },
    },
    program: {
      steps: {
        bh: {
          kind: 'business_hours',
          config: {},
          next: { open: 'a', closed: 'b', holiday: opts.holidayConnected === false ? null : 'c' },
        },
      },
    },
  });
  const config = businessHours.schema.parse({ scheduleId: 'sched-1' });
  return { calls, result: businessHoursRunner.run(config, ctx) };
}

describe('business_hours definition', () => {
  it('defaults to no schedule, which validation reports', () => {
    const config = businessHours.schema.parse({});
    expect(config).toEqual({ scheduleId: '' });
    const problems = businessHours.validate?.(config, {
      nodeId: 'bh',
      resources: testResources(),
      triggerKind: null,
    });
    expect(problems?.map((p) => [p.code, p.field])).toEqual([['SCHEDULE_MISSING', 'scheduleId']]);
  });

  it('has open and closed required, holiday optional, and defines holiday_name on holiday', () => {
    const config = businessHours.schema.parse({ scheduleId: 's' });
    expect(businessHours.ports(config).map((p) => [p.id, p.required])).toEqual([
      ['open', true],
      ['closed', true],
      ['holiday', false],
    ]);
    expect(businessHours.defines(config)).toEqual([{ port: 'holiday', variables: ['vars.holiday_name'] }]);
    expect(businessHours.waits(config)).toBe(false);
  });

  it('accepts a schedule of the organismo and refuses another one', () => {
    const resources = testResources({ schedules: new Set(['sched-1']) });
    const ok = businessHours.validate?.(
      { scheduleId: 'sched-1' },
      { nodeId: 'bh', resources, triggerKind: null },
    );
    const missing = businessHours.validate?.(
      { scheduleId: 'sched-2' },
      { nodeId: 'bh', resources, triggerKind: null },
    );
    expect(ok).toEqual([]);
    expect(missing?.[0]?.code).toBe('SCHEDULE_MISSING');
    expect(missing?.[0]?.message['es-AR']).toContain('horario');
  });

  it('summarises in both languages', () => {
    expect(businessHours.summary({ scheduleId: '' }, 'es-AR')).toBe('Elegí un horario');
    expect(businessHours.summary({ scheduleId: '' }, 'en')).toBe('Choose a schedule');
    expect(businessHours.summary({ scheduleId: 'x' }, 'en')).toBe('Schedule: x');
  });

  it('shows the schedule by name when the caller can look it up, its id when not', () => {
    const nameOf = (kind: string, id: string) =>
      kind === 'schedules' && id === 'sched-1' ? 'Lunes a viernes de 8 a 18' : undefined;
    expect(businessHours.summary({ scheduleId: 'sched-1' }, 'es-AR', nameOf)).toBe(
      'Horario: Lunes a viernes de 8 a 18',
    );
    expect(businessHours.summary({ scheduleId: 'borrado' }, 'es-AR', nameOf)).toBe('Horario: borrado');
  });
});

describe('business_hours runner', () => {
  it('asks the local activity about now for the chosen schedule', async () => {
    const { calls, result } = run({ status: 'open', holidayName: null });
    expect(await result).toEqual({ port: 'open' });
    expect(calls).toEqual([
      { organizationId: 'org-1', scheduleId: 'sched-1', at: '2026-07-09T14:30:00.000Z' },
    ]);
  });

  it('follows closed', async () => {
    expect(await run({ status: 'closed', holidayName: null }).result).toEqual({ port: 'closed' });
  });

  it('follows holiday with its name', async () => {
    const { result } = run({ status: 'holiday', holidayName: 'Día de la Independencia' });
    expect(await result).toEqual({
      port: 'holiday',
      set: { 'vars.holiday_name': 'Día de la Independencia' },
    });
  });

  it('treats a holiday as closed when the holiday port is not connected', async () => {
    const { result } = run({ status: 'holiday', holidayName: 'Navidad' }, { holidayConnected: false });
    expect(await result).toEqual({ port: 'closed', set: { 'vars.holiday_name': 'Navidad' } });
  });
});

describe('business_hours compile', () => {
  it('compiles with a known schedule and refuses an unknown one', () => {
    const resources = testResources({ schedules: new Set(['sched-1']) });
    const ok = compileSingleNode({ kind: 'business_hours', config: { scheduleId: 'sched-1' }, resources });
    expect(ok.problems).toEqual([]);
    expect(ok.program?.steps.node_1?.next).toEqual({
      open: 'end_open',
      closed: 'end_closed',
      holiday: 'end_holiday',
    });
    const bad = compileSingleNode({ kind: 'business_hours', config: { scheduleId: 'nope' }, resources });
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p) => p.code)).toEqual(['SCHEDULE_MISSING']);
  });
});
