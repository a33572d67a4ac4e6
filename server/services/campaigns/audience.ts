import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import type {
  AudienceSummary,
  CampaignAudience,
  CampaignChannel,
  EligibilityReason,
} from '@/lib/contracts/campaign';

/** What decides who a campaign reaches; the same for the counts before launch and the rows at launch. */
export type AudienceSpec = {
  organizationId: string;
  audience: CampaignAudience;
  channel: CampaignChannel;
};

/**
 * The audience as counts: every distinct citizen on the lists, and those excluded, by reason.
 * The same SQL as materializeAudience, so the review step shows what launch will store.
 */
export async function audienceSummary(db: Database, spec: AudienceSpec): Promise<AudienceSummary> {
  if (spec.audience.listIds.length === 0) return { total: 0, eligible: 0, excluded: {} };
  const rows = await db.execute<{ reason: EligibilityReason | null; n: number }>(sql`
    with ${audienceRows(spec)}
    select reason, count(*)::int as n from audience group by reason`);
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
  const rows = await db.execute<{ id: string }>(sql`
    with ${audienceRows(spec)}
    insert into campaign_contact
      (organization_id, campaign_id, citizen_id, entry_id, address, state, reason, variables)
    select ${spec.organizationId}, ${spec.campaignId}, citizen_id, entry_id, address,
           case when reason is null then 'pending' else 'excluded' end, reason, variables
    from audience
    on conflict (campaign_id, citizen_id) do nothing
    returning id`);
  return { inserted: rows.length };
}

/** `audience(citizen_id, entry_id, address, reason, variables)`: one row per distinct citizen. */
function audienceRows(spec: AudienceSpec) {
  const listIds = sql.join(
    spec.audience.listIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const address =
    spec.channel === 'email' ? sql`coalesce(e.email, c.email)` : sql`coalesce(e.phone, c.phones[1])`;
  const consentChannel = spec.channel === 'voice' ? 'voice' : spec.channel;
  return sql`
    entries as (
      select distinct on (e.citizen_id) e.citizen_id, e.id as entry_id, ${address} as address,
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
      select en.citizen_id, en.entry_id, en.address, en.variables,
        case
          when en.address is null then 'invalid_address'
          when exists (
            select 1 from citizen_consent cc
            where cc.organization_id = ${spec.organizationId} and cc.citizen_id = en.citizen_id
              and cc.channel = ${consentChannel} and cc.status = 'opted_out'
          ) then 'opted_out'
          else null
        end as reason
      from entries en
    )`;
}
