import { describe, expect, it } from 'vitest';
import { CallEndedError } from '../engine/call-ended';
import { testActivities } from './test-activities';
import { testStepContext } from './test-step-context';

const SMS = {
  organizationId: 'org-1',
  executionId: 'exec-1',
  stepId: 'node_1',
  idempotencyKey: 'exec-1:node_1:0',
  channel: 'sms',
  to: '+5493425111111',
  body: 'Hola',
} as const;

describe('the test step context', () => {
  it("reports a fake's throw as runFlow reports a failed activity: a result with the cause's message", async () => {
    const ctx = testStepContext({
      activities: {
        sendMessage: async () => {
          throw new Error('Twilio down');
        },
      },
    });
    expect(await ctx.attempt(() => ctx.activities.sendMessage(SMS))).toEqual({
      ok: false,
      error: 'Twilio down',
    });
    expect(ctx.calls).toEqual([{ via: 'activities', name: 'sendMessage', args: SMS }]);
  });

  it('lets an unexpected activity call and any non-activity error through attempt, as runFlow does', async () => {
    const ctx = testStepContext();
    await expect(ctx.attempt(() => ctx.local.lookupCitizen({ by: 'dni', value: '1' }))).rejects.toThrow(
      'unexpected local.lookupCitizen call',
    );
    await expect(
      ctx.attempt(async () => {
        throw new CallEndedError();
      }),
    ).rejects.toBeInstanceOf(CallEndedError);
    expect(ctx.calls.map((c) => `${c.via}.${c.name}`)).toEqual(['local.lookupCitizen']);
  });

  it('runs background jobs at once and drops their errors, awaited by settle', async () => {
    const ctx = testStepContext({ activities: { recordSurvey: async () => {} } });
    const args = {
      organizationId: 'org-1',
      executionId: 'exec-1',
      stepId: 'node_1',
      scale: 'csat',
      score: 4,
      citizenId: null,
    } as const;
    ctx.background(() => ctx.activities.recordSurvey(args));
    // Not faked, so it throws: runFlow drops a background job's failure, and so does the double.
    ctx.background(() =>
      ctx.activities.nextOpenTime({ organizationId: 'org-1', scheduleId: 's', from: 'x' }),
    );
    await ctx.settle();
    expect(ctx.calls.map((c) => c.name)).toEqual(['recordSurvey', 'nextOpenTime']);
  });
});

describe('the test activities of a worker', () => {
  it('keep an in-memory world where sends are idempotent by key, and record every call', async () => {
    const rec = testActivities();
    expect(await rec.activities.sendMessage(SMS)).toEqual({ status: 'sent', messageId: 'msg-1' });
    expect(await rec.activities.sendMessage(SMS)).toEqual({
      status: 'duplicate',
      messageId: SMS.idempotencyKey,
    });
    expect(rec.sent()).toEqual([SMS]);
    expect(rec.calls.map((c) => c.name)).toEqual(['sendMessage', 'sendMessage']);
  });

  it("throw an override's error as it is: on a worker Temporal makes it an activity failure", async () => {
    const rec = testActivities({
      createWorkItem: async () => {
        throw new Error('queue is archived');
      },
    });
    await expect(
      rec.activities.createWorkItem({
        organizationId: 'org-1',
        executionId: 'exec-1',
        idempotencyKey: 'k',
        queueId: 'q',
        type: 'call',
        priority: 5,
        dueAt: null,
        skills: [],
        fields: [],
        dispositions: [],
        citizenId: null,
      }),
    ).rejects.toThrow('queue is archived');
  });
});
