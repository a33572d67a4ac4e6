import 'server-only';
import { sql } from 'drizzle-orm';
import { paceOffsets } from '@/lib/campaigns/pacing';
import {
  type AttemptOutcome,
  type CampaignRunInput,
  campaignExecutionId,
  RETRYABLE_OUTCOMES,
  ZCampaignRetries,
} from '@/lib/contracts/campaign';
import {
  type EngineDeps,
  organizationTimeZone,
  startExecution,
} from '@/server/services/executions/start-execution';
import { type AttemptResult, settleAttempts } from './attempt-outcomes';
import { campaignOf, campaignProgram, reachOf } from './campaign-run';
import { claimDueContacts } from './contact-claims';

/**
 * Starts one runFlow per due contact, `ratePerSecond` apart, for flows that wait, branch or call:
 * each execution's id is camp-<campaign>-<contact>-<attempt>, written on the attempt row before the
 * start, so a worker that dies between the two starts the same execution again (a duplicate start
 * is refused by id), never a second one.
 */
export async function startCampaignContacts(
  deps: EngineDeps,
  args: CampaignRunInput & { limit: number; ratePerSecond: number },
): Promise<{ started: number; excluded: number }> {
  const campaign = await campaignOf(deps.db, args);
  const program = await campaignProgram(deps.db, campaign);
  const { claimed, excluded } = await claimDueContacts(deps.db, {
    organizationId: args.organizationId,
    campaignId: args.campaignId,
    ...reachOf(campaign),
    limit: args.limit,
    orphans: 'without_execution',
  });
  if (claimed.length === 0) return { started: 0, excluded };
  const runs = claimed.map((c) => ({
    contact: c,
    executionId: campaignExecutionId({ campaignId: args.campaignId, contactId: c.id, attempt: c.attempt }),
  }));
  const values = runs.map((r) => sql`(${r.contact.id}::uuid, ${r.contact.attempt}::int, ${r.executionId})`);
  await deps.db.execute(sql`
    update campaign_attempt a set execution_id = v.execution_id
    from (values ${sql.join(values, sql`, `)}) as v(contact_id, attempt, execution_id)
    where a.contact_id = v.contact_id and a.attempt = v.attempt and a.campaign_id = ${args.campaignId}`);
  const timeZone = await organizationTimeZone(deps.db, args.organizationId);
  const offsets = paceOffsets(runs.length, args.ratePerSecond);
  const t0 = Date.now();
  let started = 0;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i];
    if (!run) continue;
    const wait = t0 + (offsets[i] ?? 0) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await startExecution(deps, {
      organizationId: args.organizationId,
      program,
      executionId: run.executionId,
      channel: 'campaign',
      variables: { contact: run.contact.variables, input: run.contact.variables },
      timeZone,
      once: true,
    });
    started++;
  }
  return { started, excluded };
}

/**
 * Settles the attempts whose execution finished: its `end` outcome becomes the disposition, and an
 * outcome named like a retryable one (no_answer, busy, machine, failed) is retried as configured.
 */
export async function reconcileContactRuns(db: EngineDeps['db'], args: CampaignRunInput): Promise<number> {
  const campaign = await campaignOf(db, args);
  const finished = await db.execute<{
    contact_id: string;
    attempt: number;
    execution_id: string;
    status: string;
    outcome: string | null;
    error: string | null;
  }>(sql`
    select a.contact_id, a.attempt, a.execution_id, e.status, e.outcome, e.error
    from campaign_attempt a
    join execution e on e.id = a.execution_id and e.organization_id = a.organization_id
    where a.campaign_id = ${args.campaignId} and a.organization_id = ${args.organizationId}
      and a.outcome = 'started' and e.status in ('completed', 'failed', 'cancelled')
    limit 5000`);
  if (finished.length === 0) return 0;
  const results: AttemptResult[] = finished.map((f) => ({
    contactId: f.contact_id,
    attempt: Number(f.attempt),
    outcome: executionOutcome(f.status, f.outcome),
    disposition: f.outcome,
    executionId: f.execution_id,
    error: f.error,
  }));
  await settleAttempts(db, {
    organizationId: args.organizationId,
    campaignId: args.campaignId,
    retries: ZCampaignRetries.parse(campaign.retries),
    results,
  });
  return results.length;
}

function executionOutcome(status: string, outcome: string | null): AttemptOutcome {
  if (outcome && (RETRYABLE_OUTCOMES as readonly string[]).includes(outcome))
    return outcome as AttemptOutcome;
  return status === 'completed' ? 'completed' : 'failed';
}
