import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { apiSmsGraph } from '@/workflows/testing/graphs';

const db = testDb();

describe('flows: rollback restores the draft', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant(db, 'Rollback');
  });
  afterAll(closeTestDb);

  async function twoVersions() {
    const designer = callerFor(db, t, 'designer');
    const flow = await designer.flows.create({ name: 'Dos versiones', kind: 'api' });
    const v1graph = apiSmsGraph();
    await designer.flows.saveDraft({ flowId: flow.id, graph: v1graph, baseRevision: 0 });
    await designer.flows.publish({ flowId: flow.id, note: 'primera' });
    const changed = apiSmsGraph();
    const sms = changed.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { ...sms.config, body: 'Otro texto {{vars.saludo}}' };
    await designer.flows.saveDraft({ flowId: flow.id, graph: changed, baseRevision: 1 });
    await designer.flows.publish({ flowId: flow.id, note: 'segunda' });
    return { designer, flow, v1graph };
  }

  it('republishes the version and makes its graph the draft, from the editor revision', async () => {
    const { designer, flow, v1graph } = await twoVersions();
    const back = await designer.flows.rollback({ flowId: flow.id, version: 1, baseRevision: 2 });
    expect(back).toMatchObject({ version: 3, draftRevision: 3, graph: v1graph });
    const current = await designer.flows.get({ flowId: flow.id });
    expect(current.draftRevision).toBe(3);
    expect(current.draft).toEqual(v1graph);
    expect(current.latestVersion).toBe(3);
    // The editor saves on from the new revision.
    await designer.flows.saveDraft({ flowId: flow.id, graph: v1graph, baseRevision: 3 });
  });

  it('refuses as a whole when the draft was saved elsewhere since: no version, draft kept', async () => {
    const { designer, flow } = await twoVersions();
    const stale = designer.flows.rollback({ flowId: flow.id, version: 1, baseRevision: 1 });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', cause: { code: 'DRAFT_CONFLICT' } });
    const versions = await designer.flows.versions({ flowId: flow.id });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const current = await designer.flows.get({ flowId: flow.id });
    expect(current.draftRevision).toBe(2);
    expect(current.draft.nodes.find((n) => n.id === 'sms')?.config.body).toBe('Otro texto {{vars.saludo}}');
  });

  it('another organismo cannot roll the flow back', async () => {
    const { flow } = await twoVersions();
    const other = await createTenant(db, 'Otro organismo');
    await expect(
      callerFor(db, other, 'designer').flows.rollback({ flowId: flow.id, version: 1, baseRevision: 2 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
