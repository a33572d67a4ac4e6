import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import type { CampaignChannel, EligibilityReason, FrequencyCap, LegalBasis } from '@/lib/contracts/campaign';
import { recheckContacts } from './audience';

/** A contact claimed for one attempt: its number, where it is reached, and its contact.* variables. */
export type ClaimedContact = {
  id: string;
  citizenId: string;
  attempt: number;
  address: string | null;
  variables: Record<string, unknown>;
};

/**
 * Claims up to `limit` due contacts for their next attempt, in one transaction: those an earlier,
 * unfinished try already claimed first (`orphans`, same attempt number again), then pending ones
 * whose time has come (FOR UPDATE SKIP LOCKED). Right before the claim each is re-checked
 * (recheckContacts: an opt-out, the do-not-contact register, No Llame, the frequency cap): those
 * are excluded with the reason and get no attempt. Each claimed contact gets its attempt row, unique
 * per (contact, attempt), which is what makes an attempt happen once.
 */
export async function claimDueContacts(
  db: Database,
  args: {
    organizationId: string;
    campaignId: string;
    channel: CampaignChannel;
    legalBasis: LegalBasis;
    frequencyCap: FrequencyCap | null;
    limit: number;
    /** Which claimed-but-unfinished attempts are orphans: the batched path owns every in_progress one. */
    orphans: 'in_progress' | 'without_execution';
    now?: Date;
  },
): Promise<{ claimed: ClaimedContact[]; excluded: number }> {
  const now = args.now ?? new Date();
  // What may have changed since launch (a BAJA, the register, No Llame, the cap), checked right before the claim.
  const candidates = await db.execute<{ id: string }>(sql`
    select cc.id from campaign_contact cc
    where cc.campaign_id = ${args.campaignId} and cc.organization_id = ${args.organizationId}
      and cc.state = 'pending' and cc.next_attempt_at <= ${now.toISOString()}
    order by cc.next_attempt_at
    limit ${args.limit}`);
  const reasons = await recheckContacts(db, {
    organizationId: args.organizationId,
    campaignId: args.campaignId,
    contactIds: candidates.map((c) => c.id),
    channel: args.channel,
    legalBasis: args.legalBasis,
    frequencyCap: args.frequencyCap,
    now,
  });
  for (const [reason, ids] of groupReasons([...reasons].map(([id, r]) => ({ id, reason: r })))) {
    await db.execute(sql`
      update campaign_contact set state = 'excluded', reason = ${reason}, updated_at = now()
      where id = any(${uuidArray(ids.map((r) => r.id))}) and state = 'pending'`);
  }
  const eligible = candidates.map((c) => c.id).filter((id) => !reasons.has(id));
  return db.transaction(async (tx) => {
    const orphanFilter =
      args.orphans === 'in_progress'
        ? sql`true`
        : sql`not exists (select 1 from execution e where e.id = a.execution_id)`;
    const orphans = await tx.execute<Row>(sql`
      select cc.id, cc.citizen_id, cc.attempts as attempt, cc.address, cc.variables
      from campaign_contact cc
      join campaign_attempt a on a.contact_id = cc.id and a.attempt = cc.attempts and a.outcome = 'started'
      where cc.campaign_id = ${args.campaignId} and cc.organization_id = ${args.organizationId}
        and cc.state = 'in_progress' and ${orphanFilter}
      limit ${args.limit}
      for update of cc skip locked`);
    const room = args.limit - orphans.length;
    const fresh =
      room <= 0 || eligible.length === 0
        ? []
        : await tx.execute<Row>(sql`
      with due as (
        select cc.id from campaign_contact cc
        where cc.id = any(${uuidArray(eligible.slice(0, room))}) and cc.state = 'pending'
        for update skip locked
      ),
      claimed as (
        update campaign_contact cc set state = 'in_progress', attempts = cc.attempts + 1, reason = null,
          updated_at = now()
        from due where cc.id = due.id
        returning cc.id, cc.citizen_id, cc.attempts as attempt, cc.address, cc.variables
      ),
      attempts as (
        insert into campaign_attempt (organization_id, campaign_id, contact_id, attempt, channel)
        select ${args.organizationId}, ${args.campaignId}, id, attempt, ${args.channel} from claimed
        on conflict (contact_id, attempt) do nothing
      )
      select * from claimed`);
    return {
      claimed: [...orphans, ...fresh].map((r) => ({
        id: r.id,
        citizenId: r.citizen_id,
        attempt: Number(r.attempt),
        address: r.address,
        variables: r.variables ?? {},
      })),
      excluded: reasons.size,
    };
  });
}

type Row = {
  id: string;
  citizen_id: string;
  attempt: number;
  address: string | null;
  variables: Record<string, unknown> | null;
};

export function uuidArray(ids: readonly string[]) {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
}

function groupReasons<T extends { reason: EligibilityReason | null }>(
  rows: readonly T[],
): Map<EligibilityReason, T[]> {
  const out = new Map<EligibilityReason, T[]>();
  for (const r of rows) {
    if (!r.reason) continue;
    const group = out.get(r.reason);
    if (group) group.push(r);
    else out.set(r.reason, [r]);
  }
  return out;
}
