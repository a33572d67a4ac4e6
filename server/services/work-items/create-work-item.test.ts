import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { WorkItemInput } from '@/lib/contracts/engine-activities';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createWorkItem } from './create-work-item';

const db = testDb();
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'WorkItems');
});
afterAll(closeTestDb);

const input = (extra: Partial<WorkItemInput> = {}): WorkItemInput & { workflowId: string | null } => ({
  organizationId: t.org.id,
  executionId: t.executionId,
  idempotencyKey: `${t.executionId}:wi:${randomUUID()}`,
  queueId: t.queue.id,
  type: 'callback',
  priority: 3,
  dueAt: '2026-06-01T12:00:00.000Z',
  skills: ['turnos'],
  fields: [{ label: 'Motivo', value: 'Reprogramar turno' }],
  dispositions: ['resuelto', 'sin_respuesta'],
  citizenId: null,
  workflowId: `wf-${t.tag}`,
  ...extra,
});

describe('createWorkItem', () => {
  it("queues work in the organismo's queue, remembering the workflow to signal", async () => {
    const { workItemId } = await createWorkItem(db, input());
    const row = await db.query.workItem.findFirst({ where: eq(schema.workItem.id, workItemId) });
    expect(row).toMatchObject({
      organizationId: t.org.id,
      queueId: t.queue.id,
      executionId: t.executionId,
      workflowId: `wf-${t.tag}`,
      type: 'callback',
      priority: 3,
      skills: ['turnos'],
      fields: [{ label: 'Motivo', value: 'Reprogramar turno' }],
      dispositions: ['resuelto', 'sin_respuesta'],
      status: 'waiting',
      dueAt: new Date('2026-06-01T12:00:00.000Z'),
      test: false,
    });
  });

  it("marks a test run's work as test, apart from what agents are offered", async () => {
    const { workItemId } = await createWorkItem(db, input({ test: true }));
    const row = await db.query.workItem.findFirst({ where: eq(schema.workItem.id, workItemId) });
    expect(row?.test).toBe(true);
  });

  it('creates one item per idempotency key', async () => {
    const req = input();
    const first = await createWorkItem(db, req);
    const [again, concurrent] = await Promise.all([createWorkItem(db, req), createWorkItem(db, req)]);
    expect(again).toEqual(first);
    expect(concurrent).toEqual(first);
    expect(await db.$count(schema.workItem, eq(schema.workItem.idempotencyKey, req.idempotencyKey))).toBe(1);
  });

  it("refuses another organismo's queue and a bad due date", async () => {
    const other = await createTenant(db, 'WorkItemsOther');
    await expect(createWorkItem(db, input({ queueId: other.queue.id }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(createWorkItem(db, input({ queueId: 'cola' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(createWorkItem(db, input({ dueAt: 'mañana' }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(await db.$count(schema.workItem, eq(schema.workItem.queueId, other.queue.id))).toBe(0);
  });
});
