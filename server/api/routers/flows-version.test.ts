import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { apiSmsGraph } from '@/workflows/testing/graphs';

const db = testDb();

describe('flows.version', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant(db, 'Versiones');
  });
  afterAll(closeTestDb);

  it('returns the graph stored with each published version, to supervisors too', async () => {
    const designer = callerFor(db, t, 'designer');
    const flow = await designer.flows.create({ name: 'Con versiones', kind: 'api' });
    const first = apiSmsGraph();
    await designer.flows.saveDraft({ flowId: flow.id, graph: first, baseRevision: 0 });
    await designer.flows.publish({ flowId: flow.id, note: 'primera' });
    const second = apiSmsGraph();
    const sms = second.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { ...sms.config, body: 'Otro texto' };
    await designer.flows.saveDraft({ flowId: flow.id, graph: second, baseRevision: 1 });
    await designer.flows.publish({ flowId: flow.id, note: 'segunda' });

    const supervisor = callerFor(db, t, 'supervisor');
    const v1 = await supervisor.flows.version({ flowId: flow.id, version: 1 });
    expect(v1).toMatchObject({ version: 1, note: 'primera' });
    expect(v1.graph.nodes.find((n) => n.id === 'sms')?.config).toEqual(
      first.nodes.find((n) => n.id === 'sms')?.config,
    );
    const v2 = await supervisor.flows.version({ flowId: flow.id, version: 2 });
    expect(v2.graph.nodes.find((n) => n.id === 'sms')?.config).toMatchObject({ body: 'Otro texto' });
    await expect(supervisor.flows.version({ flowId: flow.id, version: 3 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
