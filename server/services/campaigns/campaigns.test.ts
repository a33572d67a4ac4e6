import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { CampaignControl, CampaignRunInput } from '@/lib/contracts/campaign';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { latestNoLlameImport } from '@/server/services/compliance/no-llame';
import { vaccinationReminder } from '@/workflows/dsl/templates/vaccination-reminder';
import { apiSmsGraph } from '@/workflows/testing/graphs';
import { type CampaignActor, createCampaign, listCampaigns } from './campaigns';
import { listCampaignContacts } from './contacts';
import {
  type CampaignEngine,
  changePace,
  controlCampaign,
  launchCampaign,
  updateCampaign,
} from './lifecycle';
import { attemptsPerHour, campaignProgress } from './progress';

const db = testDb();

/** An engine that records what the lifecycle asked of it; `running` says whether a workflow answers. */
function fakeEngine(opts: { running?: boolean; failStart?: boolean } = {}) {
  const started: CampaignRunInput[] = [];
  const controls: CampaignControl[] = [];
  const engine: CampaignEngine = {
    start: async (input) => {
      if (opts.failStart) throw new Error('temporal down');
      started.push(input);
      return { workflowId: `campaign-${input.campaignId}` };
    },
    control: async ({ control }) => {
      controls.push(control);
      return opts.running
        ? { status: 'running', pacing: { perSecond: 10, maxConcurrent: 50 }, shareRate: 4, inFlight: 2 }
        : null;
    },
    state: async () =>
      opts.running
        ? { status: 'running', pacing: { perSecond: 10, maxConcurrent: 50 }, shareRate: 4, inFlight: 2 }
        : null,
  };
  return { engine, started, controls };
}

describe('campaign service', () => {
  let t: Tenant;
  let other: Tenant;
  let actor: CampaignActor;
  let flowId = '';
  let apiFlowId = '';

  const publish = async (tenant: Tenant, name: string, graph: ReturnType<typeof apiSmsGraph>) => {
    const admin = callerFor(db, tenant, 'admin');
    const flow = await admin.flows.create({ name, kind: 'outbound_campaign', graph });
    await admin.flows.publish({ flowId: flow.id, note: '' });
    return flow.id;
  };
  const draft = (overrides: Record<string, unknown> = {}) =>
    createCampaign(db, actor, {
      name: 'Antigripal',
      flowId,
      purpose: 'vacunacion',
      audience: { listIds: [t.contactListId] },
      ...overrides,
    });
  const events = async (campaignId: string) =>
    db
      .select()
      .from(schema.campaignEvent)
      .where(eq(schema.campaignEvent.campaignId, campaignId))
      .orderBy(schema.campaignEvent.id);
  const audits = async (campaignId: string) =>
    (
      await db
        .select({ action: schema.auditLog.action, data: schema.auditLog.data })
        .from(schema.auditLog)
        .where(and(eq(schema.auditLog.targetType, 'campaign'), eq(schema.auditLog.targetId, campaignId)))
        .orderBy(schema.auditLog.createdAt)
    ).map((r) => r.action);
  const errorOf = async (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: unknown) => err,
    );

  beforeAll(async () => {
    t = await createTenant(db, 'Camp');
    other = await createTenant(db, 'CampOther');
    actor = {
      organizationId: t.org.id,
      userId: t.members.campaign_manager.userId,
      requestId: 'r',
      source: 'ui',
    };
    flowId = await publish(
      t,
      'Recordatorio',
      vaccinationReminder({ queueId: t.queue.id, areaId: '', scheduleId: '' }),
    );
    apiFlowId = await publish(t, 'API', apiSmsGraph());
  });
  afterAll(closeTestDb);

  describe('drafts', () => {
    it('creates a draft with the contract defaults and lists it with its counts', async () => {
      const row = await draft();
      expect(row).toMatchObject({ status: 'draft', channel: 'sms', dialingMode: 'agentless' });
      expect(row.schedule.windows).toHaveLength(5);
      const listed = await listCampaigns(db, { organizationId: t.org.id });
      expect(listed.find((c) => c.id === row.id)).toMatchObject({
        total: 0,
        progress: 0,
        flowName: 'Recordatorio',
      });
      expect((await events(row.id)).map((e) => e.type)).toEqual(['created']);
    });

    it("refuses another organismo's flow or list, and a flow that does not start with a campaign contact", async () => {
      expect(await errorOf(draft({ flowId: other.flow.id }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await errorOf(draft({ audience: { listIds: [other.contactListId] } }))).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await errorOf(draft({ flowId: apiFlowId }))).toMatchObject({ code: 'WRONG_TRIGGER' });
      // A flow of the organismo that was never published.
      expect(await errorOf(draft({ flowId: t.flow.id }))).toMatchObject({ code: 'FLOW_NOT_PUBLISHED' });
    });
  });

  describe('launch', () => {
    it('refuses an incomplete campaign, saying what is missing, and starts nothing', async () => {
      const { engine, started } = fakeEngine();
      const row = await createCampaign(db, actor, { name: 'Vacía' });
      const err = await errorOf(launchCampaign({ db, engine }, actor, row.id));
      expect(err).toMatchObject({
        code: 'CAMPAIGN_INCOMPLETE',
        details: { missing: ['flow', 'audience', 'purpose'] },
      });
      expect(started).toEqual([]);
      expect(
        (await listCampaigns(db, { organizationId: t.org.id })).find((c) => c.id === row.id)?.status,
      ).toBe('draft');
    });

    it('refuses preview and progressive dialing with a clear code until agent queues exist', async () => {
      const { engine, started } = fakeEngine();
      const row = await draft({ dialingMode: 'preview', agentQueueId: t.queue.id });
      expect(await errorOf(launchCampaign({ db, engine }, actor, row.id))).toMatchObject({
        code: 'DIALING_MODE_UNAVAILABLE',
      });
      expect(started).toEqual([]);
    });

    it('refuses a non-exempt basis on a No Llame list older than 30 days; an exempt one launches', async () => {
      let latest = await latestNoLlameImport(db);
      if (!latest) {
        await db.insert(schema.noLlameImport).values({ registryDate: '2026-11-20', status: 'ready' });
        latest = await latestNoLlameImport(db);
      }
      const stale = new Date(Date.parse(`${latest?.registryDate}T00:00:00Z`) + 31 * 86_400_000);
      const { engine, started } = fakeEngine();
      const row = await draft({ legalBasis: 'consent' });
      expect(await errorOf(launchCampaign({ db, engine, now: () => stale }, actor, row.id))).toMatchObject({
        code: 'NO_LLAME_STALE',
      });
      expect(started).toEqual([]);
      const exempt = await draft({ legalBasis: 'public_interest' });
      await launchCampaign({ db, engine, now: () => stale }, actor, exempt.id);
      expect(started).toEqual([{ campaignId: exempt.id, organizationId: t.org.id }]);
    });

    it("refuses another organismo's campaign as not found", async () => {
      const { engine } = fakeEngine();
      expect(await errorOf(launchCampaign({ db, engine }, actor, other.campaignId))).toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('refuses a list that is still importing', async () => {
      const [list] = await db
        .insert(schema.contactList)
        .values({ organizationId: t.org.id, name: 'Subiendo', purpose: 'vacunacion', status: 'importing' })
        .returning();
      const { engine } = fakeEngine();
      const row = await draft({ audience: { listIds: [t.contactListId, list?.id] } });
      expect(await errorOf(launchCampaign({ db, engine }, actor, row.id))).toMatchObject({
        code: 'LIST_NOT_READY',
      });
    });

    it('pins the published version, records the lists used, audits it and starts the workflow', async () => {
      const { engine, started } = fakeEngine();
      const row = await draft();
      const launched = await launchCampaign({ db, engine }, actor, row.id);
      expect(launched.status).toBe('running');
      const stored = await db.query.campaign.findFirst({ where: eq(schema.campaign.id, row.id) });
      const version = await db.query.flowVersion.findFirst({ where: eq(schema.flowVersion.flowId, flowId) });
      expect(stored).toMatchObject({
        status: 'running',
        versionId: version?.id,
        workflowId: `campaign-${row.id}`,
      });
      expect(started).toHaveLength(1);
      const log = await events(row.id);
      expect(log.map((e) => e.type)).toEqual(['created', 'list_used', 'launched']);
      expect(log[1]).toMatchObject({
        source: 'ui',
        actorUserId: actor.userId,
        data: { listId: t.contactListId },
      });
      expect(await audits(row.id)).toEqual(['campaign.created', 'campaign.launched']);
      // Launching twice is a transition the table does not have.
      expect(await errorOf(launchCampaign({ db, engine }, actor, row.id))).toMatchObject({
        code: 'CAMPAIGN_BAD_TRANSITION',
      });
    });

    it('schedules a campaign whose start is later', async () => {
      const { engine } = fakeEngine();
      const startAt = new Date(Date.now() + 86_400_000).toISOString();
      const row = await draft({ schedule: { startAt } });
      expect((await launchCampaign({ db, engine }, actor, row.id)).status).toBe('scheduled');
    });

    it('puts the draft back when the workflow cannot be started', async () => {
      const { engine } = fakeEngine({ failStart: true });
      const row = await draft();
      expect(await errorOf(launchCampaign({ db, engine }, actor, row.id))).toBeInstanceOf(Error);
      const stored = await db.query.campaign.findFirst({ where: eq(schema.campaign.id, row.id) });
      expect(stored).toMatchObject({ status: 'draft', versionId: null });
      expect((await events(row.id)).map((e) => e.type)).toContain('launch_failed');
    });
  });

  describe('pause, resume, cancel', () => {
    it('tells the workflow, settles the status when none runs, and records each move from its source', async () => {
      const { engine, controls } = fakeEngine({ running: false });
      const row = await draft();
      await launchCampaign({ db, engine }, actor, row.id);
      const api: CampaignActor = { ...actor, userId: null, source: 'api', apiKeyId: t.apiKeyId };
      expect(
        (await controlCampaign({ db, engine }, actor, { campaignId: row.id, action: 'pause' })).status,
      ).toBe('paused');
      expect(
        await errorOf(controlCampaign({ db, engine }, actor, { campaignId: row.id, action: 'pause' })),
      ).toMatchObject({ code: 'CAMPAIGN_BAD_TRANSITION' });
      expect(
        (await controlCampaign({ db, engine }, api, { campaignId: row.id, action: 'resume' })).status,
      ).toBe('running');
      expect(
        (await controlCampaign({ db, engine }, actor, { campaignId: row.id, action: 'cancel' })).status,
      ).toBe('cancelled');
      expect(controls.map((c) => c.action)).toEqual(['pause', 'resume', 'cancel']);
      const log = (await events(row.id)).slice(3);
      expect(log.map((e) => [e.type, e.source])).toEqual([
        ['paused', 'ui'],
        ['resumed', 'api'],
        ['cancelled', 'ui'],
      ]);
      expect(log[1]?.data).toMatchObject({ apiKeyId: t.apiKeyId, from: 'paused', to: 'running' });
      expect(await audits(row.id)).toEqual([
        'campaign.created',
        'campaign.launched',
        'campaign.paused',
        'campaign.resumed',
        'campaign.cancelled',
      ]);
      const stored = await db.query.campaign.findFirst({ where: eq(schema.campaign.id, row.id) });
      expect(stored?.finishedAt).toBeInstanceOf(Date);
    });

    it('refuses to resume a draft without asking the workflow', async () => {
      const { engine, controls } = fakeEngine();
      const row = await draft();
      expect(
        await errorOf(controlCampaign({ db, engine }, actor, { campaignId: row.id, action: 'resume' })),
      ).toMatchObject({ code: 'CAMPAIGN_BAD_TRANSITION' });
      expect(controls).toEqual([]);
    });
  });

  describe('editing', () => {
    it('a running campaign changes only its name and pace; the pace goes to the workflow', async () => {
      const { engine, controls } = fakeEngine({ running: true });
      const row = await draft();
      await launchCampaign({ db, engine }, actor, row.id);
      for (const patch of [
        { audience: { listIds: [t.contactListId], filters: [] } },
        { channel: 'email' as const },
        { name: 'Otro', purpose: 'impuestos' },
      ]) {
        expect(
          await errorOf(updateCampaign({ db, engine }, actor, { campaignId: row.id, patch })),
        ).toMatchObject({
          code: 'CAMPAIGN_NOT_EDITABLE',
        });
      }
      const renamed = await updateCampaign({ db, engine }, actor, {
        campaignId: row.id,
        patch: { name: 'Antigripal 2026', pacing: { perSecond: 2, maxConcurrent: 5 } },
      });
      expect(renamed).toMatchObject({ name: 'Antigripal 2026', pacing: { perSecond: 2, maxConcurrent: 5 } });
      expect(controls).toEqual([{ action: 'pace', pacing: { perSecond: 2, maxConcurrent: 5 } }]);
      expect((await events(row.id)).map((e) => e.type)).toContain('pace_changed');
      expect(await audits(row.id)).toContain('campaign.pace_changed');
    });

    it('a draft changes anything; a cancelled one nothing', async () => {
      const { engine } = fakeEngine();
      const row = await draft();
      const changed = await updateCampaign({ db, engine }, actor, {
        campaignId: row.id,
        patch: { channel: 'email', retries: { busy: { max: 2, delayMinutes: 30 } } },
      });
      expect(changed).toMatchObject({ channel: 'email', retries: { busy: { max: 2, delayMinutes: 30 } } });
      await launchCampaign({ db, engine }, actor, row.id);
      await controlCampaign({ db, engine }, actor, { campaignId: row.id, action: 'cancel' });
      expect(
        await errorOf(
          changePace({ db, engine }, actor, {
            campaignId: row.id,
            pacing: { perSecond: 1, maxConcurrent: 1 },
          }),
        ),
      ).toMatchObject({ code: 'CAMPAIGN_NOT_EDITABLE' });
    });
  });

  describe('progress and contacts', () => {
    let campaignId = '';
    const now = new Date('2026-12-02T15:00:00Z'); // a Wednesday, 12:00 in Córdoba: the window is open

    beforeAll(async () => {
      const { engine } = fakeEngine();
      const row = await draft({ pacing: { perSecond: 1, maxConcurrent: 5 } });
      await launchCampaign({ db, engine }, actor, row.id);
      campaignId = row.id;
      const citizens = await db
        .insert(schema.citizen)
        .values(
          Array.from({ length: 25 }, (_, i) => ({ firstName: `C${i}`, lastName: 'Prueba', phones: [] })),
        )
        .returning({ id: schema.citizen.id });
      const shape = (i: number) =>
        i < 10
          ? { state: 'pending', reason: null }
          : i < 13
            ? { state: 'pending', reason: 'retry_delay', nextAttemptAt: new Date(now.getTime() + 3600_000) }
            : i < 20
              ? { state: 'done', lastOutcome: 'delivered', attempts: 1, executionId: `camp-${i}` }
              : i < 22
                ? { state: 'failed', reason: 'max_attempts', lastOutcome: 'busy', attempts: 3 }
                : { state: 'excluded', reason: 'opted_out' };
      const contacts = await db
        .insert(schema.campaignContact)
        .values(
          citizens.map((c, i) => ({ organizationId: t.org.id, campaignId, citizenId: c.id, ...shape(i) })),
        )
        .returning({ id: schema.campaignContact.id });
      // 60 attempts in the last 5 minutes (0.2/s) and 10 two hours earlier.
      await db.insert(schema.campaignAttempt).values(
        Array.from({ length: 70 }, (_, i) => ({
          organizationId: t.org.id,
          campaignId,
          contactId: contacts[i % contacts.length]?.id ?? '',
          attempt: Math.floor(i / contacts.length) + 1,
          channel: 'sms',
          outcome: i < 60 ? 'delivered' : 'busy',
          startedAt: new Date(now.getTime() - (i < 60 ? 60_000 : 2 * 3600_000)),
        })),
      );
    });

    it('counts contacts by state, reason and outcome, rates the last minutes and gives an ETA', async () => {
      const p = await campaignProgress({ db, now }, { organizationId: t.org.id, campaignId });
      expect(p).toMatchObject({
        total: 25,
        remaining: 13,
        callable: 10,
        progress: 48,
        byState: { pending: 13, done: 7, failed: 2, excluded: 3 },
        byReason: { retry_delay: 3, max_attempts: 2, opted_out: 3 },
        byOutcome: { delivered: 7, busy: 2 },
        windowOpen: true,
      });
      expect(p.ratePerSecond).toBeCloseTo(60 / 300);
      expect(p.etaSeconds).toBe(Math.round(13 / (60 / 300)));
      const hours = await attemptsPerHour({ db, now }, { organizationId: t.org.id, campaignId });
      expect(hours.reduce((a, h) => a + h.total, 0)).toBe(70);
      expect(hours.at(-1)?.outcomes).toEqual({ delivered: 60 });
      // 10 callable against a minute at 1/s: the page warns it is running dry.
      expect(p.lowCallable).toBe(true);
      const closed = await campaignProgress(
        { db, now: new Date('2026-12-06T15:00:00Z') },
        { organizationId: t.org.id, campaignId },
      );
      expect(closed).toMatchObject({ windowOpen: false, lowCallable: false });
    });

    it('shows the running workflow’s share of the platform rate', async () => {
      const { engine } = fakeEngine({ running: true });
      const p = await campaignProgress({ db, engine, now }, { organizationId: t.org.id, campaignId });
      expect(p.engine).toEqual({ status: 'running', shareRate: 4, inFlight: 2 });
    });

    it('pages every contact once by keyset, and filters by state and reason', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await listCampaignContacts(db, {
          organizationId: t.org.id,
          campaignId,
          after,
          limit: 7,
        });
        seen.push(...page.items.map((i) => i.citizenId));
        if (!page.next) break;
        after = page.next;
      }
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      expect([...seen].sort()).toEqual(seen);
      const waiting = await listCampaignContacts(db, {
        organizationId: t.org.id,
        campaignId,
        state: 'pending',
        reason: 'retry_delay',
        limit: 50,
      });
      expect(waiting.items).toHaveLength(3);
      expect(waiting.items[0]?.nextAttemptAt).toBeInstanceOf(Date);
      const done = await listCampaignContacts(db, {
        organizationId: t.org.id,
        campaignId,
        state: 'done',
        limit: 50,
      });
      expect(done.items.every((i) => i.executionId?.startsWith('camp-'))).toBe(true);
      expect(
        await errorOf(listCampaignContacts(db, { organizationId: other.org.id, campaignId, limit: 5 })),
      ).toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
