import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import {
  type AttemptOutcome,
  type CampaignRetries,
  RETRYABLE_OUTCOMES,
  type RetryableOutcome,
} from '@/lib/contracts/campaign';

export type AttemptResult = {
  contactId: string;
  attempt: number;
  outcome: AttemptOutcome;
  disposition?: string | null;
  outboxId?: string | null;
  executionId?: string | null;
  error?: string | null;
};

const DONE: ReadonlySet<AttemptOutcome> = new Set(['sent', 'delivered', 'answered', 'completed']);

/** Where a contact goes after an attempt: done, excluded, back to pending for a retry, or failed. */
export function nextContactState(
  result: Pick<AttemptResult, 'outcome' | 'attempt'>,
  retries: CampaignRetries,
  now: number,
): { state: string; reason: string | null; nextAttemptAt: Date | null } {
  if (DONE.has(result.outcome)) return { state: 'done', reason: null, nextAttemptAt: null };
  if (result.outcome === 'skipped_opt_out')
    return { state: 'excluded', reason: 'opted_out', nextAttemptAt: null };
  const retryable = (RETRYABLE_OUTCOMES as readonly string[]).includes(result.outcome);
  const rule = retryable ? retries[result.outcome as RetryableOutcome] : undefined;
  if (!rule) return { state: 'failed', reason: null, nextAttemptAt: null };
  // `max` retries after the first attempt.
  if (result.attempt > rule.max) return { state: 'failed', reason: 'max_attempts', nextAttemptAt: null };
  return {
    state: 'pending',
    reason: 'retry_delay',
    nextAttemptAt: new Date(now + rule.delayMinutes * 60_000),
  };
}

/**
 * Records the outcomes of a page of attempts and moves their contacts on, in two statements. An
 * attempt is settled once: an outcome arriving for an attempt already settled changes nothing.
 */
export async function settleAttempts(
  db: Database,
  args: {
    organizationId: string;
    campaignId: string;
    retries: CampaignRetries;
    results: readonly AttemptResult[];
  },
): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < args.results.length; i += 1000) {
    const chunk = args.results.slice(i, i + 1000);
    const values = chunk.map((r) => {
      const next = nextContactState(r, args.retries, now);
      return sql`(${r.contactId}::uuid, ${r.attempt}::int, ${r.outcome}, ${r.disposition ?? null}, ${r.outboxId ?? null}::uuid,
        ${r.executionId ?? null}, ${r.error ?? null}, ${next.state}, ${next.reason}, ${next.nextAttemptAt?.toISOString() ?? null}::timestamptz)`;
    });
    await db.execute(sql`
      with v(contact_id, attempt, outcome, disposition, outbox_id, execution_id, error, state, reason, next_at) as (
        values ${sql.join(values, sql`, `)}
      ),
      settled as (
        update campaign_attempt a
        set outcome = v.outcome, disposition = v.disposition, outbox_id = coalesce(v.outbox_id, a.outbox_id),
            execution_id = coalesce(v.execution_id, a.execution_id), error = v.error, finished_at = now()
        from v
        where a.contact_id = v.contact_id and a.attempt = v.attempt and a.outcome = 'started'
          and a.campaign_id = ${args.campaignId} and a.organization_id = ${args.organizationId}
        returning a.contact_id, a.attempt
      )
      update campaign_contact cc
      set state = v.state, reason = v.reason, next_attempt_at = v.next_at, last_outcome = v.outcome,
          disposition = v.disposition, execution_id = coalesce(v.execution_id, cc.execution_id), updated_at = now()
      from v join settled s on s.contact_id = v.contact_id and s.attempt = v.attempt
      where cc.id = v.contact_id and cc.attempts = v.attempt and cc.state = 'in_progress'`);
  }
}
