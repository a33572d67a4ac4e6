import 'server-only';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { ContactState, EligibilityReason } from '@/lib/contracts/campaign';
import { getCampaign } from './campaigns';

export type ContactPage = Awaited<ReturnType<typeof listCampaignContacts>>;

/**
 * One page of a campaign's contacts, keyset-paged by citizen id (unique per campaign) so page 4,000 of
 * 200,000 costs what page 1 does; filtered by state and reason on indexes that end in citizen_id.
 */
export async function listCampaignContacts(
  db: Database,
  args: {
    organizationId: string;
    campaignId: string;
    state?: ContactState | undefined;
    reason?: EligibilityReason | undefined;
    after?: string | undefined;
    limit: number;
  },
) {
  const campaign = await getCampaign(db, args.organizationId, args.campaignId);
  const c = schema.campaignContact;
  const rows = await db
    .select({
      id: c.id,
      citizenId: c.citizenId,
      address: c.address,
      state: c.state,
      reason: c.reason,
      attempts: c.attempts,
      lastOutcome: c.lastOutcome,
      disposition: c.disposition,
      nextAttemptAt: c.nextAttemptAt,
      executionId: c.executionId,
      updatedAt: c.updatedAt,
    })
    .from(c)
    .where(
      and(
        eq(c.campaignId, campaign.id),
        eq(c.organizationId, args.organizationId),
        args.state ? eq(c.state, args.state) : undefined,
        args.reason ? eq(c.reason, args.reason) : undefined,
        args.after ? gt(c.citizenId, args.after) : undefined,
      ),
    )
    .orderBy(asc(c.citizenId))
    .limit(args.limit + 1);
  const page = rows.slice(0, args.limit);
  // Names for this page only: a join let the planner merge-join half the citizen base.
  const names =
    page.length === 0
      ? []
      : await db
          .select({
            id: schema.citizen.id,
            firstName: schema.citizen.firstName,
            lastName: schema.citizen.lastName,
          })
          .from(schema.citizen)
          .where(
            inArray(
              schema.citizen.id,
              page.map((r) => r.citizenId),
            ),
          );
  const byId = new Map(names.map((n) => [n.id, n]));
  const items = page.map((r) => ({
    ...r,
    firstName: byId.get(r.citizenId)?.firstName ?? '',
    lastName: byId.get(r.citizenId)?.lastName ?? '',
    state: r.state as ContactState,
    reason: r.reason as EligibilityReason | null,
  }));
  return { items, next: rows.length > args.limit ? (items.at(-1)?.citizenId ?? null) : null };
}
