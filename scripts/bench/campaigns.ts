import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { createOrganization } from '../../db/seed/factories';
import { campaignWorkflowId } from '../../lib/contracts/campaign';
import { controlCampaignRun, startCampaignRun } from '../../server/services/campaigns/campaign-engine';
import { openCampaignRun } from '../../server/services/campaigns/campaign-run';
import { reconcileContactRuns, startCampaignContacts } from '../../server/services/campaigns/contact-runs';
import type { FlowGraph, GraphNode } from '../../workflows/dsl/graph';
import type { Emit } from '../bench';
import { seedCampaign } from '../test-setup/campaign-fixture';
import { closedLoop, startBenchStack } from './stack';

const log = (m: string) => process.stderr.write(`[campaigns] ${m}\n`);

/** The bench measures the machine, not a provider's limit: the platform's rate is set far above it. */
const PLATFORM_RATE = 5000;
const SMS_CONTACTS = Number(process.env.BENCH_CAMPAIGN_CONTACTS ?? 100_000);
const PER_CONTACT = 2000;

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
const smsGraph = graph(
  [
    node('start', 'trigger_campaign_contact'),
    node('sms', 'send_sms', { body: 'Hola {{contact.first_name}}: la moratoria vence el viernes.' }),
    node('ok', 'end', { outcome: 'avisado' }),
  ],
  [
    ['start', 'next', 'sms'],
    ['sms', 'sent', 'ok'],
  ],
);
const ivrGraph = graph(
  [
    node('start', 'trigger_campaign_contact'),
    node('llamar', 'place_outbound_call'),
    // The simulator answers at once; what an answered call says is the IVR bench's subject, not this one's.
    node('atendio', 'end', { outcome: 'atendio' }),
    node('fin', 'end', { outcome: 'no_atendio' }),
  ],
  [
    ['start', 'next', 'llamar'],
    ['llamar', 'answered', 'atendio'],
    ['llamar', 'no_answer', 'fin'],
    ['llamar', 'busy', 'fin'],
    ['llamar', 'failed', 'fin'],
    ['llamar', 'machine', 'fin'],
  ],
);

/**
 * Outbound campaigns on the embedded stack with the simulator adapter (docs/benchmarks.md):
 * - campaign.sms_100k.seconds: a send-only SMS campaign of 100,000 contacts, launch to last send;
 * - campaign.per_contact_workflows.per_s: the same flow as one runFlow per contact (2,000), and
 *   campaign.batched_vs_per_contact.ratio: the batched path's contacts/s over it (target ≥ 25);
 * - campaign.ivr_starts.per_s beside temporal.baseline_completed_per_s (trivial workflows, 50 in flight);
 * - campaign.pause_to_quiet.ms: from the pause update returning to the last send after it.
 */
export async function run(emit: Emit): Promise<void> {
  process.env.CAMPAIGN_PLATFORM_RATE_PER_SECOND = String(PLATFORM_RATE);
  const stack = await startBenchStack();
  const deps = { db: stack.db, temporal: async () => stack.client, taskQueue: stack.taskQueue };
  try {
    const org = await createOrganization(stack.db, {
      name: 'Bench campañas',
      slug: `bench-camp-${randomUUID().slice(0, 8)}`,
    });
    const organizationId = org.id;

    // 1. The batched path: 100,000 SMS.
    let t0 = Date.now();
    const sms = await seedCampaign(stack.db, {
      organizationId,
      graph: smsGraph,
      contacts: SMS_CONTACTS,
      pacing: { perSecond: PLATFORM_RATE, maxConcurrent: 100 },
    });
    log(`seeded ${SMS_CONTACTS} contacts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const launched = Date.now();
    await startCampaignRun(deps, { campaignId: sms.campaignId, organizationId });
    await stack.client.workflow.getHandle(campaignWorkflowId(sms.campaignId)).result();
    const [smsRow] = await stack.db.execute<{ last: Date; sent: number }>(sql`
      select max(created_at) as last, count(*)::int as sent from outbound_message
      where organization_id = ${organizationId} and idempotency_key like 'camp:%'`);
    if (!smsRow || smsRow.sent !== SMS_CONTACTS) throw new Error(`sent ${smsRow?.sent} of ${SMS_CONTACTS}`);
    const smsSeconds = (new Date(smsRow.last).getTime() - launched) / 1000;
    log(`${SMS_CONTACTS} SMS in ${smsSeconds.toFixed(1)} s (${(SMS_CONTACTS / smsSeconds).toFixed(0)}/s)`);
    emit('campaign.sms_100k.seconds', smsSeconds, 's');

    // 2. The same flow, one runFlow per contact, through the per-contact path's own service calls.
    const perContact = await seedCampaign(stack.db, {
      organizationId,
      graph: smsGraph,
      contacts: PER_CONTACT,
      firstPhone: 6_000_000,
      pacing: { perSecond: PLATFORM_RATE, maxConcurrent: 50 },
    });
    const perContactRate = await runPerContact(
      deps,
      { campaignId: perContact.campaignId, organizationId },
      50,
    );
    emit('campaign.per_contact_workflows.per_s', perContactRate, 'contacts/s');
    emit('campaign.batched_vs_per_contact.ratio', SMS_CONTACTS / smsSeconds / perContactRate, 'x');

    // 3. A per-contact IVR campaign's starts, beside trivial workflows on the same server.
    const ivr = await seedCampaign(stack.db, {
      organizationId,
      graph: ivrGraph,
      contacts: PER_CONTACT,
      channel: 'voice',
      firstPhone: 7_000_000,
      pacing: { perSecond: PLATFORM_RATE, maxConcurrent: 50 },
    });
    const ivrRate = await runPerContact(deps, { campaignId: ivr.campaignId, organizationId }, 50);
    const noop = () =>
      stack.client.workflow.execute('noop', {
        taskQueue: stack.taskQueue,
        workflowId: `noop-${randomUUID()}`,
      });
    await closedLoop(20, 10, noop);
    const baseline = await closedLoop(1000, 50, noop);
    emit('campaign.ivr_starts.per_s', ivrRate, 'contacts/s');
    emit('temporal.baseline_completed_per_s', baseline, 'workflows/s');
    emit('campaign.ivr_starts.baseline_ratio', ivrRate / baseline, 'x');

    // 4. Pause to quiet, on a campaign sending at 1,000/s.
    t0 = Date.now();
    const paused = await seedCampaign(stack.db, {
      organizationId,
      graph: smsGraph,
      contacts: 30_000,
      firstPhone: 8_000_000,
      pacing: { perSecond: 1000, maxConcurrent: 100 },
    });
    const input = { campaignId: paused.campaignId, organizationId };
    await startCampaignRun(deps, input);
    await sleep(5000);
    await controlCampaignRun(deps, { ...input, control: { action: 'pause' } });
    const pausedAt = Date.now();
    await sleep(4000);
    const [quiet] = await stack.db.execute<{ last: Date }>(sql`
      select max(om.created_at) as last from outbound_message om
      join campaign_contact cc on om.idempotency_key like 'camp:' || cc.id || ':%'
      where cc.campaign_id = ${paused.campaignId}`);
    const quietMs = Math.max(0, new Date(quiet?.last ?? pausedAt).getTime() - pausedAt);
    log(`pause to quiet ${quietMs} ms`);
    emit('campaign.pause_to_quiet.ms', quietMs, 'ms');
    await controlCampaignRun(deps, { ...input, control: { action: 'cancel' } });
  } finally {
    await stack.stop();
  }
}

/**
 * Runs a campaign's contacts through the per-contact path (startCampaignContacts and
 * reconcileContactRuns, what the campaign workflow's activities call) with `window` executions in
 * flight, until every contact settled; contacts per second.
 */
async function runPerContact(
  deps: Parameters<typeof startCampaignContacts>[0],
  input: { campaignId: string; organizationId: string },
  window: number,
): Promise<number> {
  await openCampaignRun(deps.db, input);
  const t0 = Date.now();
  for (;;) {
    await reconcileContactRuns(deps.db, input);
    const [row] = await deps.db.execute<{ open: number; running: number }>(sql`
      select count(*) filter (where state in ('pending', 'in_progress'))::int as open,
             count(*) filter (where state = 'in_progress')::int as running
      from campaign_contact where campaign_id = ${input.campaignId}`);
    if (!row || row.open === 0) break;
    const room = window - row.running;
    if (room > 0) await startCampaignContacts(deps, { ...input, limit: room, ratePerSecond: PLATFORM_RATE });
    else await sleep(20);
  }
  const seconds = (Date.now() - t0) / 1000;
  const [n] = await deps.db.execute<{ n: number }>(sql`
    select count(*)::int as n from campaign_contact where campaign_id = ${input.campaignId}`);
  log(`${n?.n} contacts one runFlow each in ${seconds.toFixed(1)} s`);
  return (n?.n ?? 0) / seconds;
}
