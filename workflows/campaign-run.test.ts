import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { campaignWorkflowId } from '@/lib/contracts/campaign';
import { seedCampaign } from '@/scripts/test-setup/campaign-fixture';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { materializeAudience } from '@/server/services/campaigns/audience';
import { controlCampaignRun, startCampaignRun } from '@/server/services/campaigns/campaign-engine';
import { campaignTick, openCampaignRun } from '@/server/services/campaigns/campaign-run';
import { claimDueContacts } from '@/server/services/campaigns/contact-claims';
import { sendCampaignPage } from '@/server/services/campaigns/send-batch';
import { setPhoneConsent } from '@/server/services/messaging/phone-consent';
import { sendMessagePage } from '@/server/services/messaging/send-page';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';
import { startEngineWorker } from '@/workflows/testing/engine-harness';

const db: Database = testDb();
let t: Tenant;
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
const deps = () => ({ temporal: async () => engine.client, taskQueue: engine.taskQueue });

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}
function graph(nodes: GraphNode[], edges: [string, string, string][]): FlowGraph {
  return {
    nodes,
    edges: edges.map(([source, sourcePort, target]) => ({
      id: `${source}-${sourcePort}`,
      source,
      sourcePort,
      target,
    })),
    notes: [],
  };
}
/** A send-only flow: one SMS, its outcomes ending in named dispositions. */
const smsGraph = graph(
  [
    node('start', 'trigger_campaign_contact'),
    node('sms', 'send_sms', { body: 'Hola {{contact.first_name}}, tu turno de vacunación está listo.' }),
    node('ok', 'end', { outcome: 'avisado' }),
    node('baja', 'end', { outcome: 'baja' }),
  ],
  [
    ['start', 'next', 'sms'],
    ['sms', 'sent', 'ok'],
    ['sms', 'skipped', 'baja'],
  ],
);
/** Not send-only (it waits): one runFlow per contact. */
const waitGraph = graph(
  [
    node('start', 'trigger_campaign_contact'),
    node('pausa', 'wait', { amount: 1, unit: 'seconds' }),
    node('sms', 'send_sms', { body: 'Recordatorio para {{contact.first_name}}' }),
    node('ok', 'end', { outcome: 'recordado' }),
  ],
  [
    ['start', 'next', 'pausa'],
    ['pausa', 'next', 'sms'],
    ['sms', 'sent', 'ok'],
  ],
);

async function campaignStatus(id: string): Promise<string> {
  const [row] = await db.execute<{ status: string }>(sql`select status from campaign where id = ${id}`);
  return row?.status ?? 'missing';
}
async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}
async function stats(campaignId: string) {
  const [row] = await db.execute<{
    contacts: number;
    done: number;
    excluded: number;
    attempts: number;
    attempt_dupes: number;
    messages: number;
    message_dupes: number;
  }>(sql`
    select
      (select count(*)::int from campaign_contact where campaign_id = ${campaignId}) as contacts,
      (select count(*)::int from campaign_contact where campaign_id = ${campaignId} and state = 'done') as done,
      (select count(*)::int from campaign_contact where campaign_id = ${campaignId} and state = 'excluded') as excluded,
      (select count(*)::int from campaign_attempt where campaign_id = ${campaignId}) as attempts,
      (select count(*)::int from (select contact_id, attempt from campaign_attempt where campaign_id = ${campaignId}
         group by 1, 2 having count(*) > 1) d) as attempt_dupes,
      (select count(*)::int from outbound_message om join campaign_contact cc
         on om.idempotency_key like 'camp:' || cc.id || ':%' where cc.campaign_id = ${campaignId}) as messages,
      (select count(*)::int from (select om."to" from outbound_message om join campaign_contact cc
         on om.idempotency_key like 'camp:' || cc.id || ':%' where cc.campaign_id = ${campaignId}
         group by 1 having count(*) > 1) d) as message_dupes`);
  if (!row) throw new Error('no stats');
  return row;
}

describe('campaign workflow on the real stack', () => {
  beforeAll(async () => {
    t = await createTenant(db, 'Campania');
    engine = await startEngineWorker(
      createActivities({ db, channels: createSimulatorAdapter(db), engine: deps }),
    );
  });
  afterAll(async () => {
    await engine.stop();
    await closeTestDb();
  });

  it('sends a send-only campaign on the batched path: every contact once, opted-out citizens excluded', async () => {
    const seeded = await seedCampaign(db, {
      organizationId: t.org.id,
      graph: smsGraph,
      contacts: 600,
      firstPhone: 5_700_000,
      pacing: { perSecond: 400, maxConcurrent: 50 },
    });
    await setPhoneConsent(db, {
      organizationId: t.org.id,
      phone: '+5493415700007',
      channel: 'sms',
      status: 'opted_out',
      source: 'test',
    });
    await startCampaignRun(deps(), { campaignId: seeded.campaignId, organizationId: t.org.id });
    await until(async () => (await campaignStatus(seeded.campaignId)) === 'completed');
    const s = await stats(seeded.campaignId);
    expect(s).toMatchObject({ contacts: 600, done: 599, excluded: 1, attempts: 599, attempt_dupes: 0 });
    expect(s.messages).toBe(599);
    expect(s.message_dupes).toBe(0);
    const [engineRow] = await db.execute<{ engine: string }>(
      sql`select engine from campaign where id = ${seeded.campaignId}`,
    );
    expect(engineRow?.engine).toBe('batch');
    const [disp] = await db.execute<{ disposition: string; n: number }>(sql`
      select disposition, count(*)::int as n from campaign_contact where campaign_id = ${seeded.campaignId} and state = 'done'
      group by 1`);
    expect(disp).toEqual({ disposition: 'avisado', n: 599 });
    const body = await db.execute<{ body: string }>(sql`
      select body from outbound_message where "to" = '+5493415700003' and idempotency_key like 'camp:%'`);
    expect(body[0]?.body).toBe('Hola Vecina 3, tu turno de vacunación está listo.');
  });

  it('pauses within 2 s, sends nothing while paused (a BAJA then is honoured), and resumes to the end', async () => {
    const seeded = await seedCampaign(db, {
      organizationId: t.org.id,
      graph: smsGraph,
      contacts: 300,
      firstPhone: 2_000_000,
      pacing: { perSecond: 40, maxConcurrent: 10 },
    });
    const input = { campaignId: seeded.campaignId, organizationId: t.org.id };
    await startCampaignRun(deps(), input);
    await until(async () => (await stats(seeded.campaignId)).messages >= 40);
    const state = await controlCampaignRun(deps(), { ...input, control: { action: 'pause' } });
    expect(state?.status).toBe('paused');
    const pausedAt = Date.now();
    // Quiet after the page in flight: nothing is sent from 2 s after the pause on.
    await new Promise((r) => setTimeout(r, 2_000));
    const quiet = await stats(seeded.campaignId);
    const [last] = await db.execute<{ at: Date }>(sql`
      select max(om.created_at) as at from outbound_message om join campaign_contact cc
      on om.idempotency_key like 'camp:' || cc.id || ':%' where cc.campaign_id = ${seeded.campaignId}`);
    expect(new Date(last?.at ?? 0).getTime() - pausedAt).toBeLessThanOrEqual(2_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await stats(seeded.campaignId)).messages).toBe(quiet.messages);
    expect(quiet.messages).toBeLessThan(300);

    // A contact not yet reached replies BAJA while the campaign is paused.
    const [pending] = await db.execute<{ phone: string }>(sql`
      select address as phone from campaign_contact where campaign_id = ${seeded.campaignId} and state = 'pending' limit 1`);
    if (!pending) throw new Error('no pending contact left');
    await setPhoneConsent(db, {
      organizationId: t.org.id,
      phone: pending.phone,
      channel: 'sms',
      status: 'opted_out',
      source: 'sms_keyword',
    });

    await controlCampaignRun(deps(), { ...input, control: { action: 'resume' } });
    await until(async () => (await campaignStatus(seeded.campaignId)) === 'completed');
    const s = await stats(seeded.campaignId);
    expect(s).toMatchObject({ contacts: 300, done: 299, excluded: 1, attempt_dupes: 0, message_dupes: 0 });
    const toOptedOut = await db.execute(sql`select 1 from outbound_message where "to" = ${pending.phone}`);
    expect(toOptedOut).toHaveLength(0);
  });

  it('cancels: the workflow ends and no further contact is attempted', async () => {
    const seeded = await seedCampaign(db, {
      organizationId: t.org.id,
      graph: smsGraph,
      contacts: 200,
      firstPhone: 3_000_000,
      pacing: { perSecond: 20, maxConcurrent: 5 },
    });
    const input = { campaignId: seeded.campaignId, organizationId: t.org.id };
    await startCampaignRun(deps(), input);
    await until(async () => (await stats(seeded.campaignId)).messages >= 10);
    await db.execute(sql`update campaign set status = 'cancelled' where id = ${seeded.campaignId}`);
    await controlCampaignRun(deps(), { ...input, control: { action: 'cancel' } });
    await engine.client.workflow.getHandle(campaignWorkflowId(seeded.campaignId)).result();
    const after = await stats(seeded.campaignId);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await stats(seeded.campaignId)).messages).toBe(after.messages);
    expect(after.messages).toBeLessThan(200);
    expect(await campaignStatus(seeded.campaignId)).toBe('cancelled');
  });

  it('runs one runFlow per contact, with deterministic ids, when the flow waits', async () => {
    const seeded = await seedCampaign(db, {
      organizationId: t.org.id,
      graph: waitGraph,
      contacts: 12,
      firstPhone: 4_000_000,
      pacing: { perSecond: 20, maxConcurrent: 5 },
    });
    await startCampaignRun(deps(), { campaignId: seeded.campaignId, organizationId: t.org.id });
    await until(async () => (await campaignStatus(seeded.campaignId)) === 'completed', 90_000);
    const rows = await db.execute<{
      id: string;
      execution_id: string;
      disposition: string;
      state: string;
    }>(sql`
      select id, execution_id, disposition, state from campaign_contact where campaign_id = ${seeded.campaignId}`);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r).toMatchObject({ state: 'done', disposition: 'recordado' });
      expect(r.execution_id).toBe(`camp-${seeded.campaignId}-${r.id}-1`);
    }
    // Never more than maxConcurrent executions at once: their start and end times overlap at most 5 deep.
    const overlap = await db.execute<{ n: number }>(sql`
      select max(c)::int as n from (
        select (select count(*) from execution e2 where e2.id like ${`camp-${seeded.campaignId}-%`}
          and e2.started_at <= e.started_at and coalesce(e2.ended_at, now()) > e.started_at) as c
        from execution e where e.id like ${`camp-${seeded.campaignId}-%`}) x`);
    expect(overlap[0]?.n ?? 99).toBeLessThanOrEqual(5);
    expect((await stats(seeded.campaignId)).message_dupes).toBe(0);
  });

  it('a date-relative campaign gives each contact its own fire time, in the window; missing and passed dates are counted apart', async () => {
    const seeded = await seedCampaign(db, {
      organizationId: t.org.id,
      graph: smsGraph,
      contacts: 3,
      firstPhone: 5_500_000,
      windows: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
    });
    // Vecina 0: a dose in 10 days; Vecina 1: none; Vecina 2: a dose 10 days ago.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await db.execute(sql`
      update contact_list_entry e set fields = jsonb_build_object('dose_date', case c.first_name
        when 'Vecina 0' then ${day(10)} when 'Vecina 2' then ${day(-10)} else null end)
      from citizen c where c.id = e.citizen_id and e.list_id = ${seeded.listId}`);
    await db.execute(sql`
      update campaign set relative = ${JSON.stringify({ field: 'dose_date', offsetDays: -3, at: '10:00' })}::jsonb
      where id = ${seeded.campaignId}`);
    await openCampaignRun(db, { campaignId: seeded.campaignId, organizationId: t.org.id });
    const rows = await db.execute<{
      name: string;
      state: string;
      reason: string | null;
      next: Date | null;
    }>(sql`
      select c.first_name as name, cc.state, cc.reason, cc.next_attempt_at as next
      from campaign_contact cc join citizen c on c.id = cc.citizen_id
      where cc.campaign_id = ${seeded.campaignId} order by c.first_name`);
    expect(rows.map((r) => [r.name, r.state, r.reason])).toEqual([
      ['Vecina 0', 'pending', null],
      ['Vecina 1', 'excluded', 'date_missing'],
      ['Vecina 2', 'skipped', 'date_passed'],
    ]);
    // 7 days from now at 10:00 Córdoba (13:00 UTC), or the next weekday window if that is a weekend.
    const next = new Date(rows[0]?.next ?? 0);
    expect(next.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect([1, 2, 3, 4, 5]).toContain(new Date(next.getTime() - 3 * 3_600_000).getUTCDay());
    const tick = await campaignTick(db, {
      campaignId: seeded.campaignId,
      organizationId: t.org.id,
      pacing: { perSecond: 10, maxConcurrent: 5 },
    });
    expect(tick).toMatchObject({ due: 0, later: 1 });
    expect(tick.nextDueAt).toBe(next.getTime());
  });

  it('a page retried after a worker died mid-page sends nothing twice and attempts each contact once', async () => {
    const seeded = await seedCampaign(db, {
      organizationId: t.org.id,
      graph: smsGraph,
      contacts: 50,
      firstPhone: 5_000_000,
      pacing: { perSecond: 1000, maxConcurrent: 20 },
    });
    const input = { campaignId: seeded.campaignId, organizationId: t.org.id };
    const simulator = createSimulatorAdapter(db);
    await materializeAudience(db, {
      ...input,
      audience: { listIds: [seeded.listId], filters: [] },
      channel: 'sms',
    });
    await db.execute(
      sql`update campaign_contact set next_attempt_at = now() where campaign_id = ${seeded.campaignId}`,
    );
    // The dead worker claimed 30 contacts and sent to the first 10 of them, then died.
    const { claimed } = await claimDueContacts(db, {
      ...input,
      channel: 'sms',
      legalBasis: 'public_interest',
      frequencyCap: null,
      limit: 30,
      orphans: 'in_progress',
    });
    expect(claimed).toHaveLength(30);
    await sendMessagePage(
      { db, channels: simulator },
      {
        organizationId: t.org.id,
        messages: claimed.slice(0, 10).map((c) => ({
          idempotencyKey: `camp:${c.id}:${c.attempt}:sms`,
          channel: 'sms',
          to: c.address ?? '',
          body: 'enviado antes de morir',
          stepId: 'sms',
        })),
        ratePerSecond: 1000,
        maxConcurrent: 10,
      },
    );
    // The retried page (and the next) finish the job.
    const first = await sendCampaignPage(
      { db, channels: simulator },
      { ...input, limit: 40, ratePerSecond: 1000, maxConcurrent: 20 },
    );
    expect(first.attempted).toBe(40);
    const second = await sendCampaignPage(
      { db, channels: simulator },
      { ...input, limit: 40, ratePerSecond: 1000, maxConcurrent: 20 },
    );
    expect(second.attempted).toBe(10);
    const s = await stats(seeded.campaignId);
    expect(s).toMatchObject({
      contacts: 50,
      done: 50,
      attempts: 50,
      attempt_dupes: 0,
      messages: 50,
      message_dupes: 0,
    });
    const early = await db.execute(sql`
      select 1 from outbound_message where body = 'enviado antes de morir' and idempotency_key like 'camp:%'
      and "to" in (select address from campaign_contact where campaign_id = ${seeded.campaignId})`);
    expect(early).toHaveLength(10);
  });
});
