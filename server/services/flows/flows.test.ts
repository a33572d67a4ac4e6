import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { apiSmsGraph, ivrGraph } from '@/workflows/testing/graphs';

const db = testDb();

describe('flows: drafts, versions, rollback, import', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant(db, 'Flows');
  });
  afterAll(closeTestDb);

  it('creates a flow, saves its draft and refuses a stale save without losing the newer one', async () => {
    const designer = callerFor(db, t, 'designer');
    const flow = await designer.flows.create({ name: 'Recordatorio', kind: 'api' });
    const saved = await designer.flows.saveDraft({ flowId: flow.id, graph: apiSmsGraph(), baseRevision: 0 });
    expect(saved.draftRevision).toBe(1);
    const stale = designer.flows.saveDraft({
      flowId: flow.id,
      graph: { nodes: [], edges: [], notes: [] },
      baseRevision: 0,
    });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    const current = await designer.flows.get({ flowId: flow.id });
    expect(current.draft.nodes).toHaveLength(4);
  });

  it('refuses a draft over the size caps with GRAPH_TOO_LARGE and keeps the stored draft', async () => {
    const designer = callerFor(db, t, 'designer');
    const flow = await designer.flows.create({ name: 'Enorme', kind: 'api' });
    await designer.flows.saveDraft({ flowId: flow.id, graph: apiSmsGraph(), baseRevision: 0 });
    const huge = apiSmsGraph();
    const sms = huge.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { ...sms.config, padding: Array.from({ length: 20 }, () => 'x'.repeat(15_000)) };
    const err = await designer.flows
      .saveDraft({ flowId: flow.id, graph: huge, baseRevision: 1 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      cause: { code: 'GRAPH_TOO_LARGE', details: { nodeId: 'sms' } },
    });
    const current = await designer.flows.get({ flowId: flow.id });
    expect(current.draftRevision).toBe(1);
    expect(current.draft).toEqual(apiSmsGraph());
  });

  it('refuses to publish a draft with errors and names the node and field', async () => {
    const designer = callerFor(db, t, 'designer');
    const flow = await designer.flows.create({ name: 'Roto', kind: 'api' });
    const graph = apiSmsGraph();
    graph.edges = graph.edges.filter((e) => e.id !== 'e3'); // the SMS's "sent" output is left open
    await designer.flows.saveDraft({ flowId: flow.id, graph, baseRevision: 0 });
    const check = await designer.flows.validate({ flowId: flow.id });
    expect(check.ok).toBe(false);
    expect(check.problems).toContainEqual(
      expect.objectContaining({ nodeId: 'sms', code: 'PORT_UNCONNECTED' }),
    );
    expect(check.problems.find((p) => p.nodeId === 'fin')?.code).toBe('UNREACHABLE');
    const err = await designer.flows.publish({ flowId: flow.id, note: 'v1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRECONDITION_FAILED', cause: { code: 'FLOW_HAS_ERRORS' } });
    expect(await designer.flows.versions({ flowId: flow.id })).toEqual([]);
  });

  it('publishes immutable numbered versions, rolls back, and audits both', async () => {
    const designer = callerFor(db, t, 'designer');
    const flow = await designer.flows.create({ name: 'Publicable', kind: 'api' });
    await designer.flows.saveDraft({ flowId: flow.id, graph: apiSmsGraph(), baseRevision: 0 });
    const v1 = await designer.flows.publish({ flowId: flow.id, note: 'primera' });
    const changed = apiSmsGraph();
    const sms = changed.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { ...sms.config, body: 'Otro texto {{vars.saludo}}' };
    await designer.flows.saveDraft({ flowId: flow.id, graph: changed, baseRevision: 1 });
    const v2 = await designer.flows.publish({ flowId: flow.id, note: 'segunda' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.hash).not.toBe(v1.hash);

    const back = await designer.flows.rollback({ flowId: flow.id, version: 1 });
    expect(back).toMatchObject({ version: 3, hash: v1.hash });
    const versions = await designer.flows.versions({ flowId: flow.id });
    expect(versions.map((v) => [v.version, v.rolledBackFrom])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
    const v1row = await db.query.flowVersion.findFirst({
      where: and(eq(schema.flowVersion.flowId, flow.id), eq(schema.flowVersion.version, 1)),
    });
    expect(v1row?.program.steps.sms?.config.body).toBe('{{vars.saludo}}, tu turno está confirmado.');
    const audit = await callerFor(db, t, 'admin').audit.list({ limit: 20 });
    expect(audit.items.map((i) => i.action)).toEqual(
      expect.arrayContaining(['flow.published', 'flow.rolled_back']),
    );
  });

  it('says when a published flow is unreachable, and which draft revision the latest version is', async () => {
    const designer = callerFor(db, t, 'designer');
    const admin = callerFor(db, t, 'admin');
    const ivr = await designer.flows.create({ name: 'Sin número', kind: 'inbound_voice', graph: ivrGraph() });
    expect((await designer.flows.get({ flowId: ivr.id })).publishedRevision).toBeNull();
    expect((await designer.flows.publish({ flowId: ivr.id, note: 'v1' })).unbound).toBe(true);
    const number = `+54351${Math.floor(4_000_000 + Math.random() * 999_999)}`;
    await admin.flows.bind({ flowId: ivr.id, type: 'voice_number', address: number });
    expect((await designer.flows.publish({ flowId: ivr.id, note: 'v2' })).unbound).toBe(false);
    // An API flow is reached through the public API: never "unbound".
    const api = await designer.flows.create({ name: 'API', kind: 'api', graph: apiSmsGraph() });
    expect((await designer.flows.publish({ flowId: api.id, note: 'v1' })).unbound).toBe(false);

    // The list tells a draft (version 0) from a published flow, and a published one with newer edits.
    let listed = (await designer.flows.list({})).find((f) => f.id === ivr.id);
    expect(listed).toMatchObject({ latestVersion: 2, draftRevision: 0, publishedRevision: 0 });
    await designer.flows.saveDraft({ flowId: ivr.id, graph: ivrGraph(), baseRevision: 0 });
    listed = (await designer.flows.list({})).find((f) => f.id === ivr.id);
    expect(listed).toMatchObject({ latestVersion: 2, draftRevision: 1, publishedRevision: 0 });
    await designer.flows.publish({ flowId: ivr.id, note: 'v3', baseRevision: 1 });
    expect(await designer.flows.get({ flowId: ivr.id })).toMatchObject({
      latestVersion: 3,
      publishedRevision: 1,
    });
    const fresh = await designer.flows.create({ name: 'Nuevo', kind: 'api' });
    expect((await designer.flows.list({})).find((f) => f.id === fresh.id)).toMatchObject({
      latestVersion: 0,
      publishedRevision: null,
    });
  });

  it('agents cannot edit or publish flows', async () => {
    await expect(callerFor(db, t, 'agent').flows.create({ name: 'x', kind: 'api' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('exports and imports JSON, rejecting hostile files and keeping the draft', async () => {
    const designer = callerFor(db, t, 'designer');
    const source = await designer.flows.create({ name: 'Origen', kind: 'api', graph: apiSmsGraph() });
    const exported = await designer.flows.exportJson({ flowId: source.id });
    const target = await designer.flows.create({ name: 'Destino', kind: 'api' });
    const ok = await designer.flows.importJson({
      flowId: target.id,
      json: JSON.stringify(exported),
      baseRevision: 0,
    });
    expect(ok.draftRevision).toBe(1);
    expect((await designer.flows.get({ flowId: target.id })).draft.nodes).toHaveLength(4);

    const hostile = [
      '{not json',
      JSON.stringify({ format: 'other', graph: exported.graph }),
      `{"format":"cauce.flow","graph":{"nodes":[],"edges":[]},"__proto__":{"polluted":true}}`,
      JSON.stringify({
        ...exported,
        graph: { ...exported.graph, nodes: [...exported.graph.nodes, exported.graph.nodes[0]] },
      }),
      JSON.stringify({
        ...exported,
        graph: { ...exported.graph, nodes: [{ id: 'x', kind: 'rm_rf', config: {} }] },
      }),
      JSON.stringify({
        ...exported,
        graph: {
          ...exported.graph,
          nodes: [{ id: 'y', kind: 'end', config: { outcome: 'a'.repeat(30_000) } }],
        },
      }),
    ];
    for (const json of hostile) {
      await expect(
        designer.flows.importJson({ flowId: target.id, json, baseRevision: 1 }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        cause: { code: 'INVALID_IMPORT' },
      });
    }
    const after = await designer.flows.get({ flowId: target.id });
    expect(after.draftRevision).toBe(1);
    expect(after.draft.nodes).toHaveLength(4);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
