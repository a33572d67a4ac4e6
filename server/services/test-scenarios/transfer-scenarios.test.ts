import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { apiSmsGraph } from '@/workflows/testing/graphs';
import { saveScenario } from './scenarios';

const db = testDb();
let t: Tenant;

describe('export/import JSON carries a flow’s scenarios', () => {
  beforeAll(async () => {
    t = await createTenant(db, 'Transferir');
  });
  afterAll(closeTestDb);

  it('exports the scenarios and imports them into another flow, replacing same-named ones', async () => {
    const designer = callerFor(db, t, 'designer');
    const source = await designer.flows.create({ name: 'Con escenarios', kind: 'api', graph: apiSmsGraph() });
    await saveScenario(db, {
      organizationId: t.org.id,
      userId: t.members.designer.userId,
      flowId: source.id,
      name: 'Con nombre',
      start: { input: { telefono: '+5493424000001', nombre: 'Ana' } },
      mocks: { businessHours: 'open', queues: {}, http: [], now: '2026-03-10T10:00' },
      steps: [],
      expectations: { path: ['start', 'saludo', 'sms', 'fin'], outcome: 'notified' },
    });
    const exported = await designer.flows.exportJson({ flowId: source.id });
    expect(exported.scenarios).toEqual([
      {
        name: 'Con nombre',
        start: { input: { telefono: '+5493424000001', nombre: 'Ana' } },
        mocks: { businessHours: 'open', queues: {}, http: [], now: '2026-03-10T10:00' },
        steps: [],
        expectations: { path: ['start', 'saludo', 'sms', 'fin'], outcome: 'notified' },
      },
    ]);

    const target = await designer.flows.create({ name: 'Destino de escenarios', kind: 'api' });
    await saveScenario(db, {
      organizationId: t.org.id,
      userId: null,
      flowId: target.id,
      name: 'Con nombre',
      start: {},
      mocks: { businessHours: 'real', queues: {}, http: [] },
      steps: [],
      expectations: { path: ['viejo'] },
    });
    await designer.flows.importJson({ flowId: target.id, json: JSON.stringify(exported), baseRevision: 0 });
    const imported = await designer.testScenarios.list({ flowId: target.id });
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({
      name: 'Con nombre',
      expectations: { path: ['start', 'saludo', 'sms', 'fin'], outcome: 'notified' },
    });

    // A file whose scenarios are malformed is refused whole: draft and scenarios stay as they were.
    for (const scenarios of [
      [{ name: 'Sin expectativa' }],
      [{ name: 'Paso raro', steps: [{ kind: 'rm -rf' }], expectations: { path: [] } }],
      [
        { name: 'Doble', expectations: { path: [] } },
        { name: 'Doble', expectations: { path: [] } },
      ],
    ]) {
      await expect(
        designer.flows.importJson({
          flowId: target.id,
          json: JSON.stringify({ ...exported, scenarios }),
          baseRevision: 1,
        }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { code: 'INVALID_IMPORT' } });
    }
    expect((await designer.flows.get({ flowId: target.id })).draftRevision).toBe(1);
    expect(await designer.testScenarios.list({ flowId: target.id })).toEqual(imported);
  });
});
