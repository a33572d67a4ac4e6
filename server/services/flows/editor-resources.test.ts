import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { FLOW_TEMPLATES } from '@/workflows/dsl/templates';

const db = testDb();

describe('flows.resources and flows.draftStatus', () => {
  let t: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    t = await createTenant(db, 'Canvas');
    other = await createTenant(db, 'Otro');
  });
  afterAll(closeTestDb);

  it('lists the organismo’s queues, areas, schedules and published flows, and nothing of another', async () => {
    const [area] = await db
      .insert(schema.area)
      .values({ organizationId: t.org.id, name: 'Mesa de entradas' })
      .returning();
    const [schedule] = await db
      .insert(schema.schedule)
      .values({
        organizationId: t.org.id,
        name: 'Mañanas',
        windows: [{ day: 1, start: '08:00', end: '12:00' }],
      })
      .returning();
    const designer = callerFor(db, t, 'designer');
    const template = FLOW_TEMPLATES.find((x) => x.id === 'ivr_menu');
    if (!template || !area || !schedule) throw new Error('fixture missing');
    const ivr = await designer.flows.create({
      name: 'IVR',
      kind: 'inbound_voice',
      graph: template.build({ queueId: t.queue.id, areaId: area.id, scheduleId: schedule.id }),
    });
    await designer.flows.publish({ flowId: ivr.id, note: 'v1' });

    const resources = await callerFor(db, t, 'supervisor').flows.resources();
    expect(resources.queues).toEqual([{ id: t.queue.id, name: t.queue.name }]);
    expect(resources.areas).toEqual([{ id: area.id, name: 'Mesa de entradas' }]);
    expect(resources.schedules).toEqual([{ id: schedule.id, name: 'Mañanas' }]);
    expect(resources.flows).toEqual([{ id: ivr.id, name: 'IVR', versions: [1] }]);

    const theirs = await callerFor(db, other, 'designer').flows.resources();
    expect(theirs.queues.map((q) => q.id)).toEqual([other.queue.id]);
    expect(theirs.flows).toEqual([]);
  });

  it('counts the errors of each live draft on the server', async () => {
    const designer = callerFor(db, t, 'designer');
    const broken = await designer.flows.create({
      name: 'Roto',
      kind: 'inbound_voice',
      graph: {
        nodes: [{ id: 'inicio', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} }],
        edges: [],
        notes: [],
      },
    });
    const status = await designer.flows.draftStatus();
    const byId = new Map(status.map((s) => [s.flowId, s.errors]));
    expect(byId.get(broken.id)).toBe(1); // the trigger's «Siguiente» is open
    const clean = await designer.flows.list({ search: 'IVR' });
    expect(byId.get(clean[0]?.id ?? '')).toBe(0);
    await expect(callerFor(db, t, 'agent').flows.draftStatus()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
