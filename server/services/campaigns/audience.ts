import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import {
  type AudienceSummary,
  type CampaignAudience,
  type CampaignChannel,
  type EligibilityReason,
  type FrequencyCap,
  type LegalBasis,
  NO_LLAME_EXEMPT,
} from '@/lib/contracts/campaign';
import { audienceFilterSql } from './audience-filters';

/** What decides who a campaign reaches; the same for the counts before launch and the rows at launch. */
export type AudienceSpec = {
  organizationId: string;
  audience: CampaignAudience;
  channel: CampaignChannel;
  /** Not exempt from No Llame (Ley 26.951) → registered numbers are excluded. Default: public_interest. */
  legalBasis?: LegalBasis;
  /** The consent purpose the campaign contacts for; empty = no purpose check. */
  purpose?: string;
  frequencyCap?: FrequencyCap | null;
  /** The instant the frequency cap counts back from (default: the database's now()). */
  now?: Date;
};

/**
 * The audience as counts: every distinct citizen on the lists that the filters keep, and those
 * excluded, by reason. The same SQL as materializeAudience, so the review step shows what launch stores.
 */
export async function audienceSummary(db: Database, spec: AudienceSpec): Promise<AudienceSummary> {
  if (spec.audience.listIds.length === 0) return { total: 0, eligible: 0, excluded: {} };
  const rows = await db.execute<{ reason: EligibilityReason | null; n: number }>(
    await audienceSummaryQuery(db, spec),
  );
  const excluded: Partial<Record<EligibilityReason, number>> = {};
  let total = 0;
  let eligible = 0;
  for (const r of rows) {
    total += r.n;
    if (r.reason === null) eligible += r.n;
    else excluded[r.reason] = r.n;
  }
  return { total, eligible, excluded };
}

/** The counting query itself (audienceSummary runs it; the plan check explains it). */
export async function audienceSummaryQuery(db: Database, spec: AudienceSpec): Promise<SQL> {
  return sql`
    with ${await audienceRows(db, spec)}
    select reason, count(*)::int as n from audience group by reason`;
}

/**
 * Writes the campaign's contacts from its audience, once: each distinct citizen becomes a
 * campaign_contact, `pending` or `excluded` with its reason, with the contact.* variables the flow
 * will see. Repeating it adds nobody twice (campaign, citizen is unique).
 */
export async function materializeAudience(
  db: Database,
  spec: AudienceSpec & { campaignId: string },
): Promise<{ inserted: number }> {
  if (spec.audience.listIds.length === 0) return { inserted: 0 };
  const rows = await db.execute<{ n: number }>(sql`
    with ${await audienceRows(db, spec)},
    inserted as (
      insert into campaign_contact
        (organization_id, campaign_id, citizen_id, entry_id, address, state, reason, variables)
      select ${spec.organizationId}, ${spec.campaignId}, citizen_id, entry_id, address,
             case when reason is null then 'pending' else 'excluded' end, reason, variables
      from audience
      on conflict (campaign_id, citizen_id) do nothing
      returning 1
    )
    select count(*)::int as n from inserted`);
  return { inserted: rows[0]?.n ?? 0 };
}

/**
 * Re-checks a page of a campaign's contacts right before sending, for what may change mid-campaign:
 * an opt-out (a BAJA reply), the do-not-contact register, the No Llame registry, the frequency cap.
 * Returns the contacts that must not be contacted now, with why; the others are absent.
 */
export async function recheckContacts(
  db: Database,
  args: {
    organizationId: string;
    campaignId: string;
    contactIds: readonly string[];
    channel: CampaignChannel;
    legalBasis: LegalBasis;
    frequencyCap?: FrequencyCap | null;
    now?: Date;
  },
): Promise<Map<string, EligibilityReason>> {
  const out = new Map<string, EligibilityReason>();
  if (args.contactIds.length === 0) return out;
  const ids = sql.join(
    args.contactIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const reason = exclusionReason(args, {
    citizenId: sql`k.citizen_id`,
    address: sql`k.address`,
    phoneKind: sql`null::text`,
    listPurposeMatches: sql`true`,
  });
  const rows = await db.execute<{ id: string; reason: EligibilityReason | null }>(sql`
    select k.id, ${reason} as reason
    from campaign_contact k
    where k.organization_id = ${args.organizationId} and k.campaign_id = ${args.campaignId}::uuid
      and k.id in (${ids})`);
  for (const r of rows) if (r.reason) out.set(r.id, r.reason);
  return out;
}

/** `audience(citizen_id, entry_id, address, reason, variables)`: one row per distinct citizen. */
async function audienceRows(db: Database, spec: AudienceSpec): Promise<SQL> {
  const listIds = sql.join(
    spec.audience.listIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const phoneChannel = spec.channel !== 'email';
  const address = phoneChannel ? sql`coalesce(e.phone, c.phones[1])` : sql`coalesce(e.email, c.email)`;
  // The kind is known only for the list's own phone; a phone from the citizen base has none.
  const phoneKind = phoneChannel ? sql`case when e.phone is not null then e.phone_kind end` : sql`null::text`;
  const purposeMatch = spec.purpose
    ? sql`bool_or(l.purpose = ${spec.purpose}) over (partition by e.citizen_id)`
    : sql`true`;
  const filters = await audienceFilterSql(db, {
    organizationId: spec.organizationId,
    filters: spec.audience.filters,
    variables: sql`en.variables`,
  });
  const reason = exclusionReason(spec, {
    citizenId: sql`en.citizen_id`,
    address: sql`en.address`,
    phoneKind: sql`en.phone_kind`,
    listPurposeMatches: sql`en.purpose_match`,
  });
  return sql`
    entries as (
      select distinct on (e.citizen_id) e.citizen_id, e.id as entry_id, ${address} as address,
        ${phoneKind} as phone_kind, ${purposeMatch} as purpose_match,
        jsonb_build_object(
          'id', c.id, 'dni', c.dni, 'first_name', c.first_name, 'last_name', c.last_name,
          'phone', coalesce(e.phone, c.phones[1]), 'email', coalesce(e.email, c.email),
          'locality', c.locality, 'birth_date', c.birth_date
        ) || coalesce(p.fields, '{}'::jsonb) || e.fields as variables
      from contact_list_entry e
      join contact_list l on l.id = e.list_id and l.organization_id = ${spec.organizationId}
      join citizen c on c.id = e.citizen_id
      left join citizen_profile p on p.organization_id = ${spec.organizationId} and p.citizen_id = c.id
      where e.organization_id = ${spec.organizationId} and e.list_id in (${listIds})
      order by e.citizen_id, e.created_at desc
    ),
    audience as (
      select en.citizen_id, en.entry_id, en.address, en.variables, ${reason} as reason
      from entries en
      where ${filters}
    )`;
}

type Columns = { citizenId: SQL; address: SQL; phoneKind: SQL; listPurposeMatches: SQL };

/**
 * The first reason a contact is excluded, or null: an unusable address for the channel, an opt-out
 * of this organismo on the channel, the organismo's do-not-contact register (by address, or by the
 * citizen for an art. 27 request), No Llame (phone channels, non-exempt basis), no consent for the
 * campaign's purpose, the frequency cap across the organismo's campaigns.
 */
function exclusionReason(
  spec: Pick<AudienceSpec, 'organizationId' | 'channel' | 'legalBasis' | 'purpose' | 'frequencyCap' | 'now'>,
  col: Columns,
): SQL {
  const org = spec.organizationId;
  const phoneChannel = spec.channel !== 'email';
  // Twilio refuses SMS to a landline (21614) and WhatsApp needs a mobile: a fixed line cannot be reached.
  const unreachable =
    spec.channel === 'sms' || spec.channel === 'whatsapp'
      ? sql` or ${col.phoneKind} = 'fixed'`
      : spec.channel === 'email'
        ? sql` or ${col.address} not like '%@%'`
        : sql``;
  const cases: SQL[] = [
    sql`when ${col.address} is null${unreachable} then 'invalid_address'`,
    sql`when exists (
      select 1 from citizen_consent cc
      where cc.organization_id = ${org} and cc.citizen_id = ${col.citizenId}
        and cc.channel = ${spec.channel} and cc.status = 'opted_out'
    ) then 'opted_out'`,
    sql`when exists (
      select 1 from do_not_contact d
      where d.organization_id = ${org} and d.removed_at is null and d.address = ${col.address}
    ) or exists (
      select 1 from do_not_contact d
      where d.organization_id = ${org} and d.removed_at is null and d.citizen_id = ${col.citizenId}
    ) then 'do_not_contact'`,
  ];
  if (phoneChannel && !NO_LLAME_EXEMPT.has(spec.legalBasis ?? 'public_interest')) {
    cases.push(
      sql`when exists (select 1 from no_llame_number n where n.phone = ${col.address}) then 'no_llame'`,
    );
  }
  if (spec.purpose) {
    // The list's own purpose is consent enough unless the citizen revoked it; otherwise a grant must exist.
    cases.push(sql`when not coalesce((
      select pc.status = 'granted' from purpose_consent pc
      where pc.organization_id = ${org} and pc.citizen_id = ${col.citizenId} and pc.purpose = ${spec.purpose}
    ), ${col.listPurposeMatches}) then 'no_purpose_consent'`);
  }
  if (spec.frequencyCap) {
    const now = spec.now ? sql`${spec.now.toISOString()}::timestamptz` : sql`now()`;
    cases.push(sql`when (
      select count(*) from campaign_contact k2
      join campaign_attempt a on a.contact_id = k2.id
      where k2.organization_id = ${org} and k2.citizen_id = ${col.citizenId}
        and a.organization_id = ${org} and a.outcome <> 'skipped_opt_out'
        and a.started_at > ${now} - make_interval(days => ${spec.frequencyCap.days})
        and a.started_at <= ${now}
    ) >= ${spec.frequencyCap.max} then 'frequency_cap'`);
  }
  return sql`(case ${sql.join(cases, sql` `)} else null end)`;
}
