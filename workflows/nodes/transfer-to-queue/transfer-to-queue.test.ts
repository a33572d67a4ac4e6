import { describe, expect, it } from 'vitest';
import type { WorkItemInput } from '../../../lib/contracts/engine-activities';
import { CallEndedError } from '../../engine/call-ended';
import { compileChain, resourcesWith } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { transferToQueue } from './definition';
import { transferToQueueRunner } from './run';

const QUEUE = '7b0e5d1c-0000-4000-8000-000000000001';
const config = transferToQueue.schema.parse({
  queueId: QUEUE,
  priority: 2,
  skills: ['turnos'],
  maxWaitMinutes: 5,
});

function context(
  dialStatus: string | null,
  createWorkItem?: (args: WorkItemInput) => Promise<{ workItemId: string }>,
) {
  return testStepContext({
    input: { channel: 'voice' },
    scope: { call: { from: '+543424111111' }, contact: { id: 'cit-1', first_name: 'Ana', last_name: 'Paz' } },
    answers: dialStatus === null ? [] : [{ dialStatus }],
    activities: { createWorkItem: createWorkItem ?? (async () => ({ workItemId: 'wi-1' })) },
  });
}

describe('transfer_to_queue', () => {
  it('defaults to priority 5, a hold message and 10 minutes, and needs a queue', () => {
    const defaults = transferToQueue.schema.parse({});
    expect(defaults).toMatchObject({ queueId: '', priority: 5, skills: [], maxWaitMinutes: 10 });
    expect(defaults.holdMessage).not.toBe('');
    expect(transferToQueue.ports(defaults).map((p) => [p.id, p.required])).toEqual([
      ['answered', true],
      ['timeout', true],
    ]);
    expect(transferToQueue.waits(defaults)).toBe(true);
    const resources = resourcesWith([QUEUE]);
    const ctx = { nodeId: 'q', resources, triggerKind: 'trigger_incoming_call' };
    expect(transferToQueue.validate?.(defaults, ctx).map((p) => p.code)).toEqual(['INVALID_CONFIG']);
    expect(transferToQueue.validate?.({ ...defaults, queueId: 'other' }, ctx).map((p) => p.code)).toEqual([
      'QUEUE_MISSING',
    ]);
    expect(transferToQueue.validate?.(config, ctx)).toEqual([]);
    expect(transferToQueue.summary(config, 'es-AR')).toBe('Prioridad 2 · espera máx. 5 min · turnos');
    expect(transferToQueue.summary(config, 'en')).toBe('Priority 2 · max wait 5 min · turnos');
  });

  it('creates a call work item, enqueues the caller and follows answered when an agent takes it', async () => {
    const ctx = context('bridged');
    const result = await transferToQueueRunner.run(config, ctx);
    expect(result).toEqual({ port: 'answered', set: { 'vars.work_item_id': 'wi-1' } });
    expect(ctx.calls).toEqual([
      {
        via: 'activities',
        name: 'createWorkItem',
        args: {
          organizationId: 'org-1',
          executionId: 'exec-1',
          idempotencyKey: 'exec-1:node_1:0',
          queueId: QUEUE,
          type: 'call',
          priority: 2,
          dueAt: '2026-03-10T13:05:00.000Z',
          skills: ['turnos'],
          fields: [
            { label: 'Teléfono', value: '+543424111111' },
            { label: 'Nombre', value: 'Ana Paz' },
          ],
          dispositions: [],
          citizenId: 'cit-1',
        },
      },
    ]);
    expect(ctx.turns).toEqual([
      [{ type: 'enqueue', queueId: QUEUE, workItemId: 'wi-1', holdMessage: config.holdMessage }],
    ]);
  });

  it.each(['timeout', 'leave', 'queue-full'])('follows timeout when the queue answers %s', async (status) => {
    const result = await transferToQueueRunner.run(config, context(status));
    expect(result.port).toBe('timeout');
  });

  it('follows timeout without enqueueing when the work item cannot be created', async () => {
    const ctx = context('bridged', async () => {
      throw new Error('queue is archived');
    });
    expect(await transferToQueueRunner.run(config, ctx)).toEqual({
      port: 'timeout',
      set: { 'vars.last_error': 'queue is archived' },
    });
    expect(ctx.turns).toEqual([]);
  });

  it('ends the call on a hang-up in the queue or a queue error', async () => {
    await expect(transferToQueueRunner.run(config, context(null))).rejects.toBeInstanceOf(CallEndedError);
    await expect(transferToQueueRunner.run(config, context('hangup'))).rejects.toBeInstanceOf(CallEndedError);
    const failed = context('system-shutdown');
    const result = await transferToQueueRunner.run(config, failed);
    expect(result.port).toBe('queue_system_shutdown');
    expect(transferToQueue.ports(config).map((p) => p.id)).not.toContain(result.port);
    expect(failed.finished).toEqual([{ type: 'hangup' }]);
  });

  it('compiles with a queue of the organismo and reports a missing one', () => {
    const chain = [{ kind: 'transfer_to_queue', config: { queueId: QUEUE } }];
    const ok = compileChain({ trigger: { kind: 'trigger_incoming_call' }, chain, queues: [QUEUE] });
    expect(ok.problems).toEqual([]);
    expect(ok.ok).toBe(true);
    const missing = compileChain({ trigger: { kind: 'trigger_incoming_call' }, chain, queues: [] });
    expect(missing.problems.map((p) => [p.code, p.field])).toEqual([['QUEUE_MISSING', 'queueId']]);
  });
});
