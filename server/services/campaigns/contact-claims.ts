import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import type { CampaignChannel, EligibilityReason } from '@/lib/contracts/campaign';

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
 * whose time has come (FOR UPDATE SKIP LOCKED). Right before the claim each is re-checked against
 * what may have changed since launch (an opt-out, the organismo's do-not-contact list): those are
 * excluded with the reason and get no attempt. Each claimed contact gets its attempt row, unique
 * per (contact, attempt), which is what makes an attempt happen once.
 */
export async function claimDueContacts(
  db: Database,
  args: {
    organizationId: string;
    campaignId: string;
    channel: CampaignChannel;
    limit: number;
    /** Which claimed-but-unfinished attempts are orphans: the batched path owns every in_progress one. */
    orphans: 'in_progress' | 'without_execution';
    now?: Date;
  },
): Promise<{ claimed: ClaimedContact[]; excluded: number }> {
  const now = args.now ?? new Date();
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
    const due =
      room <= 0
        ? []
        : await tx.execute<Row & { reason: EligibilityReason | null }>(sql`
      with due as (
        select cc.id from campaign_contact cc
        where cc.campaign_id = ${args.campaignId} and cc.organization_id = ${args.organizationId}
          and cc.state = 'pending' and cc.next_attempt_at <= ${now.toISOString()}
        order by cc.next_attempt_at
        limit ${room}
        for update skip locked
      )
      select cc.id, cc.citizen_id, cc.attempts + 1 as attempt, cc.address, cc.variables,
        case
          when exists (
            select 1 from citizen_consent k
            where k.organization_id = ${args.organizationId} and k.citizen_id = cc.citizen_id
              and k.channel = ${args.channel} and k.status = 'opted_out'
          ) then 'opted_out'
          when exists (
            select 1 from do_not_contact d
            where d.organization_id = ${args.organizationId} and d.address = cc.address
          ) then 'do_not_contact'
          else null
        end as reason
      from campaign_contact cc join due on due.id = cc.id`);
    const excluded = due.filter((r) => r.reason !== null);
    const fresh = due.filter((r) => r.reason === null);
    for (const [reason, group] of groupReasons(excluded)) {
      await tx.execute(sql`
        update campaign_contact set state = 'excluded', reason = ${reason}, updated_at = now()
        where id = any(${uuidArray(group.map((r) => r.id))})`);
    }
    if (fresh.length > 0) {
      const ids = uuidArray(fresh.map((r) => r.id));
      await tx.execute(sql`
        update campaign_contact set state = 'in_progress', attempts = attempts + 1, reason = null,
          updated_at = now()
        where id = any(${ids})`);
      await tx.execute(sql`
        insert into campaign_attempt (organization_id, campaign_id, contact_id, attempt, channel)
        select ${args.organizationId}, ${args.campaignId}, cc.id, cc.attempts, ${args.channel}
        from campaign_contact cc where cc.id = any(${ids})
        on conflict (contact_id, attempt) do nothing`);
    }
    return {
      claimed: [...orphans, ...fresh].map((r) => ({
        id: r.id,
        citizenId: r.citizen_id,
        attempt: Number(r.attempt),
        address: r.address,
        variables: r.variables ?? {},
      })),
      excluded: excluded.length,
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
