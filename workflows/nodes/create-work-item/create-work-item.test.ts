import { describe, expect, it } from 'vitest';
import type { WorkItemInput } from '../../../lib/contracts/engine-activities';
import type { Resolution } from '../../engine/step-context';
import { compileSingleNode, testResources } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { HOUR } from '../shared';
import { createWorkItem } from './definition';
import { createWorkItemRunner } from './run';

const callback = createWorkItem.schema.parse({
  queueId: 'q-rentas',
  type: 'callback',
  priority: 2,
  dueInHours: 4,
  skills: ['rentas'],
  fields: [
    { label: 'DNI', value: '{{vars.dni}}' },
    { label: 'Motivo', value: 'Consulta de deuda' },
  ],
  dispositions: ['resuelto', 'no_contesta'],
});
const waiting = { ...callback, waitForDisposition: true, maxWaitHours: 48 };

function run(config: typeof callback, resolution: Resolution | null = null) {
  const items: WorkItemInput[] = [];
  const ctx = testStepContext({
    stepId: 'wi',
    now: new Date('2026-03-10T13:00:00.000Z'),
    scope: { contact: { id: 'cit-3' }, vars: { dni: '30111222' } },
    activities: {
      createWorkItem: async (args) => {
        items.push(args);
        return { workItemId: 'wi-1' };
      },
    },
    waitForResolution: async () => resolution,
  });
  return { ctx, items, result: createWorkItemRunner.run(config, ctx) };
}

describe('create_work_item definition', () => {
  it('defaults to a callback that does not wait, missing only its queue', () => {
    const c = createWorkItem.schema.parse({});
    expect(c).toEqual({
      queueId: '',
      type: 'callback',
      priority: 5,
      dueInHours: null,
      skills: [],
      fields: [],
      dispositions: ['resuelto', 'no_contesta'],
      waitForDisposition: false,
      maxWaitHours: 72,
    });
    expect(createWorkItem.ports(c).map((p) => p.id)).toEqual(['created']);
    expect(createWorkItem.waits(c)).toBe(false);
    const problems = createWorkItem.validate?.(c, {
      nodeId: 'w',
      resources: testResources(),
      triggerKind: null,
    });
    expect(problems?.map((p) => [p.code, p.field])).toEqual([['QUEUE_MISSING', 'queueId']]);
    expect(createWorkItem.summary(c, 'es-AR')).toBe('Devolver llamada · prioridad 5');
    expect(createWorkItem.summary(c, 'en')).toBe('Callback · priority 5');
  });

  it('has one port per disposition plus expired when it waits', () => {
    expect(createWorkItem.ports(waiting).map((p) => p.id)).toEqual([
      'disp_resuelto',
      'disp_no_contesta',
      'expired',
    ]);
    expect(createWorkItem.waits(waiting)).toBe(true);
    expect(createWorkItem.defines(waiting)).toEqual([
      { port: '*', variables: ['vars.work_item_id'] },
      { port: '*', variables: ['vars.work_item_disposition'] },
    ]);
    expect(createWorkItem.references(waiting)).toEqual([
      { field: 'fields.0.value', paths: ['vars.dni'] },
      { field: 'fields.1.value', paths: [] },
    ]);
  });

  it('refuses repeated dispositions, waiting without any, and bad values', () => {
    const resources = testResources({ queues: new Set(['q-rentas']) });
    const check = (c: typeof callback) =>
      createWorkItem
        .validate?.(c, { nodeId: 'w', resources, triggerKind: null })
        .map((p) => [p.code, p.field]);
    expect(check(waiting)).toEqual([]);
    expect(check({ ...waiting, dispositions: ['resuelto', 'resuelto'] })).toEqual([
      ['INVALID_CONFIG', 'dispositions'],
    ]);
    expect(check({ ...waiting, dispositions: [] })).toEqual([['INVALID_CONFIG', 'dispositions']]);
    expect(check({ ...callback, dispositions: [] })).toEqual([]);
    expect(createWorkItem.schema.safeParse({ priority: 11 }).success).toBe(false);
    expect(createWorkItem.schema.safeParse({ dispositions: ['No Contesta'] }).success).toBe(false);
  });
});

describe('create_work_item runner', () => {
  it('creates the item with rendered fields, due time and idempotency key, and goes on', async () => {
    const { ctx, items, result } = run(callback);
    expect(await result).toEqual({ port: 'created', set: { 'vars.work_item_id': 'wi-1' } });
    expect(items).toEqual([
      {
        organizationId: 'org-1',
        executionId: 'exec-1',
        idempotencyKey: 'exec-1:wi:0',
        queueId: 'q-rentas',
        type: 'callback',
        priority: 2,
        dueAt: '2026-03-10T17:00:00.000Z',
        skills: ['rentas'],
        fields: [
          { label: 'DNI', value: '30111222' },
          { label: 'Motivo', value: 'Consulta de deuda' },
        ],
        dispositions: ['resuelto', 'no_contesta'],
        citizenId: 'cit-3',
      },
    ]);
    expect(ctx.resolutionWaits).toEqual([]);
  });

  it('sends no due time when none is set', async () => {
    const { items, result } = run({ ...callback, dueInHours: null });
    await result;
    expect(items[0]?.dueAt).toBeNull();
  });

  it('follows the port of the disposition the agent chose', async () => {
    const { ctx, result } = run(waiting, { outcome: 'no_contesta', data: { notes: 'tres intentos' } });
    expect(await result).toEqual({
      port: 'disp_no_contesta',
      set: { 'vars.work_item_id': 'wi-1', 'vars.work_item_disposition': 'no_contesta' },
    });
    expect(ctx.resolutionWaits).toEqual([{ kind: 'workItem', id: 'wi-1', timeoutMs: 48 * HOUR }]);
  });

  it('follows expired on timeout', async () => {
    const { result } = run(waiting, null);
    expect(await result).toEqual({
      port: 'expired',
      set: { 'vars.work_item_id': 'wi-1', 'vars.work_item_disposition': '' },
    });
  });

  it('follows expired for a disposition it has no port for, keeping what came back', async () => {
    const { result } = run(waiting, { outcome: 'cancelado' });
    expect(await result).toEqual({
      port: 'expired',
      set: { 'vars.work_item_id': 'wi-1', 'vars.work_item_disposition': 'cancelado' },
    });
  });
});

describe('create_work_item compile', () => {
  it('compiles in both modes with a known queue, and refuses an unknown one', () => {
    const resources = testResources({ queues: new Set(['q-1']) });
    const base = { queueId: 'q-1', fields: [{ label: 'DNI', value: '{{input.dni}}' }] };
    const created = compileSingleNode({
      kind: 'create_work_item',
      config: base,
      resources,
      apiFields: ['dni'],
    });
    expect(created.problems).toEqual([]);
    const wait = compileSingleNode({
      kind: 'create_work_item',
      config: { ...base, waitForDisposition: true },
      resources,
      apiFields: ['dni'],
    });
    expect(wait.problems).toEqual([]);
    expect(Object.keys(wait.program?.steps.node_1?.next ?? {})).toEqual([
      'disp_resuelto',
      'disp_no_contesta',
      'expired',
    ]);
    const missing = compileSingleNode({ kind: 'create_work_item', config: { queueId: 'q-2' }, resources });
    expect(missing.problems.map((p) => p.code)).toEqual(['QUEUE_MISSING']);
  });
});
