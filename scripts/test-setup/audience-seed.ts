import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, schema } from '../../db';
import { ZCampaignPacing, ZCampaignSchedule } from '../../lib/contracts/campaign';

/** A ready contact list of an organismo, collected for `purpose`. */
export async function seedList(
  db: Database,
  args: { organizationId: string; purpose?: string; name?: string },
): Promise<string> {
  const [list] = await db
    .insert(schema.contactList)
    .values({
      organizationId: args.organizationId,
      name: args.name ?? `Listado ${randomUUID().slice(0, 6)}`,
      purpose: args.purpose ?? 'vacunacion',
      status: 'ready',
    })
    .returning({ id: schema.contactList.id });
  if (!list) throw new Error('list insert returned nothing');
  return list.id;
}

/** A random Rosario mobile in E.164 with the 9. */
export function randomMobile(): string {
  return `+549341${randomInt(1_000_000, 9_999_999)}`;
}

/** A new citizen of the shared base on a list, with the row's phone, kind, email and fields. */
export async function addEntry(
  db: Database,
  args: {
    organizationId: string;
    listId: string;
    citizenId?: string;
    phone?: string | null;
    phoneKind?: 'mobile' | 'fixed' | 'fixed_or_mobile' | null;
    email?: string | null;
    fields?: Record<string, unknown>;
  },
): Promise<{ citizenId: string; entryId: string; phone: string | null }> {
  let citizenId = args.citizenId;
  if (!citizenId) {
    const [c] = await db
      .insert(schema.citizen)
      .values({ firstName: 'Vecino', lastName: randomUUID().slice(0, 8) })
      .returning({ id: schema.citizen.id });
    if (!c) throw new Error('citizen insert returned nothing');
    citizenId = c.id;
  }
  const phone = args.phone === undefined ? randomMobile() : args.phone;
  const [entry] = await db
    .insert(schema.contactListEntry)
    .values({
      organizationId: args.organizationId,
      listId: args.listId,
      citizenId,
      rowNumber: randomInt(1, 1_000_000),
      phone,
      phoneKind: args.phoneKind === undefined ? (phone ? 'mobile' : null) : args.phoneKind,
      email: args.email ?? null,
      fields: args.fields ?? {},
    })
    .returning({ id: schema.contactListEntry.id });
  if (!entry) throw new Error('entry insert returned nothing');
  return { citizenId, entryId: entry.id, phone };
}

/** A draft campaign (SMS, public interest) to hang campaign_contact and campaign_attempt rows on. */
export async function seedCampaign(db: Database, organizationId: string): Promise<string> {
  const [row] = await db
    .insert(schema.campaign)
    .values({
      organizationId,
      name: `Campaña ${randomUUID().slice(0, 6)}`,
      schedule: ZCampaignSchedule.parse({}),
      pacing: ZCampaignPacing.parse({}),
    })
    .returning({ id: schema.campaign.id });
  if (!row) throw new Error('campaign insert returned nothing');
  return row.id;
}

/** Records `count` attempts at a citizen by a campaign, `daysAgo` before `now`. */
export async function seedAttempts(
  db: Database,
  args: { organizationId: string; campaignId: string; citizenId: string; count: number; at: Date },
): Promise<string> {
  const [contact] = await db
    .insert(schema.campaignContact)
    .values({
      organizationId: args.organizationId,
      campaignId: args.campaignId,
      citizenId: args.citizenId,
      state: 'done',
    })
    .returning({ id: schema.campaignContact.id });
  if (!contact) throw new Error('contact insert returned nothing');
  for (let attempt = 1; attempt <= args.count; attempt++) {
    await db.insert(schema.campaignAttempt).values({
      organizationId: args.organizationId,
      campaignId: args.campaignId,
      contactId: contact.id,
      attempt,
      channel: 'sms',
      outcome: 'sent',
      startedAt: args.at,
    });
  }
  return contact.id;
}

/**
 * `count` citizens on a list in set-based SQL (for the 200,000-contact plan check and benches): every
 * 10th with a fixed line, every 50th opted out of SMS, every 100th on the do-not-contact register,
 * every 20th on No Llame (when `noLlameImportId` is given), each with a dose_date.
 */
export async function seedLargeAudience(
  db: Database,
  args: { organizationId: string; listId: string; count: number; noLlameImportId?: string },
): Promise<void> {
  const tag = randomUUID().slice(0, 8);
  await db.execute(sql`
    with c as (
      insert into citizen (first_name, last_name, phones)
      select 'Vecino', ${tag} || '-' || g, array['+549342' || lpad(g::text, 7, '0')]
      from generate_series(1, ${args.count}) g
      returning id, last_name
    )
    insert into contact_list_entry (organization_id, list_id, citizen_id, row_number, phone, phone_kind, fields)
    select ${args.organizationId}, ${args.listId}::uuid, c.id, n, '+549342' || lpad(n::text, 7, '0'),
      case when n % 10 = 0 then 'fixed' else 'mobile' end,
      jsonb_build_object('dose_date', to_char(date '2026-06-01' + (n % 60), 'YYYY-MM-DD'))
    from c, lateral (select split_part(c.last_name, '-', 2)::int as n) x`);
  await db.execute(sql`
    insert into citizen_consent (organization_id, citizen_id, channel, status, source)
    select ${args.organizationId}, e.citizen_id, 'sms', 'opted_out', 'seed'
    from contact_list_entry e where e.list_id = ${args.listId}::uuid and e.row_number % 50 = 1`);
  await db.execute(sql`
    insert into do_not_contact (organization_id, address, reason)
    select ${args.organizationId}, e.phone, 'staff'
    from contact_list_entry e where e.list_id = ${args.listId}::uuid and e.row_number % 100 = 3`);
  if (args.noLlameImportId) {
    await db.execute(sql`
      insert into no_llame_number (phone, import_id)
      select e.phone, ${args.noLlameImportId}::uuid
      from contact_list_entry e where e.list_id = ${args.listId}::uuid and e.row_number % 20 = 7
      on conflict (phone) do nothing`);
  }
  await db.execute(
    sql`analyze citizen; analyze contact_list_entry; analyze citizen_consent; analyze do_not_contact`,
  );
}
