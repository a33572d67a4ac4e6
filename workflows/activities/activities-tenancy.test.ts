import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../db';
import type { EngineActivities } from '../../lib/contracts/engine-activities';
import { closeTestDb, createTenant, type Tenant, testDb } from '../../scripts/test-setup/fixtures';
import { tenantSnapshot, tenantTables } from '../../scripts/test-setup/tenant-snapshot';
import { createSimulatorAdapter } from '../../server/channels/simulator';
import { compileOrThrow } from '../testing/engine-harness';
import { apiSmsGraph } from '../testing/graphs';
import { createCampaignActivities } from './campaigns';
import { createEngineActivities } from './engine';

const db = testDb();
const activities = createEngineActivities({ db, channels: createSimulatorAdapter(db) });
const campaignActivities = createCampaignActivities({
  db,
  channels: createSimulatorAdapter(db),
  engine: () => ({
    db,
    taskQueue: 'never',
    temporal: async () => {
      throw new Error('a campaign activity of another organismo must not reach Temporal');
    },
  }),
});

/**
 * A flow of organismo B (the attacker's: it runs with B's organization id) handing every activity
 * the ids of organismo A's objects. Each activity either refuses or acts on B's own data only:
 * nothing of A changes, nothing gets attached to A's execution, and no answer carries A's data.
 */
describe('every activity keeps organismos apart', () => {
  let a: Tenant;
  let b: Tenant;
  let victim: { areaId: string; scheduleId: string; callKey: string; secret: string };
  let before: Record<string, string[]>;

  beforeAll(async () => {
    a = await createTenant(db, 'ActVictim');
    b = await createTenant(db, 'ActCaller');
    const secret = `secreto-${randomUUID()}`;
    const [area] = await db
      .insert(schema.area)
      .values({ organizationId: a.org.id, name: `Área ${a.tag}` })
      .returning();
    const [schedule] = await db
      .insert(schema.schedule)
      .values({
        organizationId: a.org.id,
        name: `Horario ${a.tag}`,
        windows: [{ day: 1, start: '08:00', end: '18:00' }],
      })
      .returning();
    const callKey = `${a.executionId}:call_1:1`;
    await db.insert(schema.outboundMessage).values({
      organizationId: a.org.id,
      executionId: a.executionId,
      stepId: 'call_1',
      idempotencyKey: callKey,
      channel: 'voice',
      adapter: 'simulator',
      to: '+5493415550101',
      body: secret,
      status: 'queued',
    });
    // A published program of A, so that loading it as a subflow would hand B its steps.
    const program = compileOrThrow(apiSmsGraph(), { flowId: a.flow.id });
    await db.insert(schema.flowVersion).values({
      id: program.versionId,
      organizationId: a.org.id,
      flowId: a.flow.id,
      version: 1,
      graph: apiSmsGraph(),
      program,
      hash: program.hash,
      note: secret,
    });
    await db.update(schema.flow).set({ latestVersion: 1 }).where(eq(schema.flow.id, a.flow.id));
    await db
      .update(schema.execution)
      .set({ status: 'running' })
      .where(eq(schema.execution.id, a.executionId));
    if (!area || !schedule) throw new Error('fixture insert returned nothing');
    victim = { areaId: area.id, scheduleId: schedule.id, callKey, secret };
    before = await tenantSnapshot(db, a.org.id);
  });
  afterAll(closeTestDb);

  const org = () => b.org.id;
  const now = () => new Date().toISOString();
  // Typed over the contract: an activity added to EngineActivities without an attack here fails the typecheck.
  const attacks: { [K in keyof EngineActivities]: () => Parameters<EngineActivities[K]>[0] } = {
    openExecution: () => ({
      executionId: a.executionId,
      organizationId: org(),
      flowId: a.flow.id,
      versionId: 'v',
      channel: 'api',
      contactRef: null,
      citizenId: null,
      test: false,
    }),
    closeExecution: () => ({
      executionId: a.executionId,
      organizationId: org(),
      trace: [{ seq: 99, stepId: 'x', kind: 'say', at: now(), port: null, changed: {} }],
      status: 'failed',
      outcome: 'forged',
      error: 'forged',
      variables: { forged: true },
    }),
    recordTrace: () => ({
      executionId: a.executionId,
      organizationId: org(),
      records: [{ seq: 98, stepId: 'x', kind: 'say', at: now(), port: null, changed: { forged: true } }],
    }),
    // A fresh key naming A's execution (placeCall below reuses A's own key).
    sendMessage: () => ({
      organizationId: org(),
      executionId: a.executionId,
      stepId: 'sms_9',
      idempotencyKey: `${a.executionId}:sms_9:1`,
      channel: 'sms',
      to: '+5493415550102',
      body: 'forged',
    }),
    placeCall: () => ({
      organizationId: org(),
      executionId: a.executionId,
      stepId: 'call_1',
      idempotencyKey: victim.callKey,
      to: '+5493415550103',
      machineDetection: false,
      timeoutSeconds: 20,
    }),
    recordCallOutcome: () => ({ organizationId: org(), idempotencyKey: victim.callKey, outcome: 'answered' }),
    lookupCitizen: () => ({ by: 'phone', value: '+5493415550199' }),
    updateCitizen: () => ({ organizationId: org(), citizenId: randomUUID(), fields: {}, consents: [] }),
    createTicket: () => ({
      organizationId: org(),
      executionId: a.executionId,
      idempotencyKey: `${a.executionId}:ticket_1:1`,
      areaId: victim.areaId,
      category: 'x',
      priority: 'normal',
      slaHours: 24,
      subject: 'forged',
      description: 'forged',
      citizenId: null,
    }),
    createWorkItem: () => ({
      organizationId: org(),
      executionId: a.executionId,
      idempotencyKey: `${a.executionId}:work_1:1`,
      queueId: a.queue.id,
      type: 'callback',
      priority: 1,
      dueAt: null,
      skills: [],
      fields: [],
      dispositions: [],
      citizenId: null,
    }),
    httpRequest: () => ({
      organizationId: org(),
      method: 'GET',
      url: 'https://example.invalid/',
      headers: {},
      body: null,
      timeoutMs: 1000,
    }),
    businessHoursStatus: () => ({ organizationId: org(), scheduleId: victim.scheduleId, at: now() }),
    nextOpenTime: () => ({ organizationId: org(), scheduleId: victim.scheduleId, from: now() }),
    loadSubflow: () => ({ organizationId: org(), flowId: a.flow.id, version: 'latest' }),
    expectReply: () => ({
      organizationId: org(),
      executionId: a.executionId,
      address: '+5493415550104',
      timeoutMs: 60_000,
    }),
    recordSurvey: () => ({
      organizationId: org(),
      executionId: a.executionId,
      stepId: 'survey_1',
      scale: 'csat',
      score: 5,
      citizenId: null,
    }),
  };

  const names = Object.keys(attacks) as (keyof EngineActivities)[];

  it('an activity naming A’s execution with B’s own queue is refused too', async () => {
    const refused = activities.createWorkItem({ ...attacks.createWorkItem(), queueId: b.queue.id });
    await expect(refused).rejects.toThrow(/not an execution of this organismo/);
    expect(await rowsOfOthersOnVictimExecution()).toEqual([]);
  });

  it.each(names)('%s with organismo A’s ids changes nothing of A and answers nothing of A', async (name) => {
    const env = new MockActivityEnvironment({
      workflowExecution: { workflowId: `attacker-${randomUUID()}`, runId: randomUUID() },
    });
    const activity = activities[name] as (input: unknown) => Promise<unknown>;
    const outcome = await env
      .run(() => activity(attacks[name]()))
      .then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    if (outcome.ok) {
      const answer = JSON.stringify(outcome.value) ?? '';
      for (const secret of [victim.secret, a.executionId, a.flow.id, a.queue.id, victim.areaId])
        expect(answer, `${name} answered ${secret}`).not.toContain(secret);
    }
    expect(await tenantSnapshot(db, a.org.id)).toEqual(before);
    expect(await rowsOfOthersOnVictimExecution(), `${name} attached rows to A's execution`).toEqual([]);
  });

  // The campaign workflow's activities, each naming A's campaign from B: typed over the factory, so a new one must be added here.
  const campaignAttacks: {
    [K in keyof typeof campaignActivities]: () => Parameters<(typeof campaignActivities)[K]>[0];
  } = {
    openCampaignRun: () => ({ campaignId: a.campaignId, organizationId: org() }),
    campaignTick: () => ({
      campaignId: a.campaignId,
      organizationId: org(),
      pacing: { perSecond: 100, maxConcurrent: 10 },
    }),
    sendCampaignPage: () => ({
      campaignId: a.campaignId,
      organizationId: org(),
      limit: 100,
      ratePerSecond: 100,
      maxConcurrent: 10,
    }),
    startCampaignContacts: () => ({
      campaignId: a.campaignId,
      organizationId: org(),
      limit: 100,
      ratePerSecond: 100,
    }),
    closeCampaignRun: () => ({ campaignId: a.campaignId, organizationId: org(), outcome: 'completed' }),
  };

  it.each(Object.keys(campaignAttacks) as (keyof typeof campaignActivities)[])(
    '%s naming A’s campaign from B is refused and changes nothing of A',
    async (name) => {
      const activity = campaignActivities[name] as (input: unknown) => Promise<unknown>;
      await expect(activity(campaignAttacks[name]())).rejects.toThrow(/No campaign/);
      expect(await tenantSnapshot(db, a.org.id)).toEqual(before);
    },
  );

  /** Rows of any other organismo that name A's execution (a trace, a reply registration, a work item…). */
  async function rowsOfOthersOnVictimExecution(): Promise<string[]> {
    const found: string[] = [];
    for (const table of tenantTables()) {
      const columns = getTableColumns(table);
      const execution = Object.values(columns).find((c) => c.name === 'execution_id');
      const orgColumn = Object.values(columns).find((c) => c.name === 'organization_id');
      if (!execution || !orgColumn) continue;
      const rows = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(table)
        .where(and(eq(execution, a.executionId), ne(orgColumn, a.org.id)));
      if ((rows[0]?.n ?? 0) > 0) found.push(getTableConfig(table).name);
    }
    return found;
  }
});
