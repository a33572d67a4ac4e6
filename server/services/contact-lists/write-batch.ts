import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import type { RowError, StoredRow } from '@/lib/contact-lists/row';

export type BatchRow = StoredRow & { rowNumber: number };
export type BatchError = RowError & { rowNumber: number };
export type ListTarget = { organizationId: string; listId: string; purpose: string };
export type BatchCounts = { valid: number; merged: number; errors: number; processed: number };

/**
 * Writes one batch of a list in one transaction, set-based (a handful of statements per batch, each
 * a jsonb_to_recordset over the batch): citizens upserted into the shared base (by DNI, else by
 * phone, else by email; names are never blanked), the organismo's custom values into
 * citizen_profile, consent for the list's purpose, the entries (a citizen already on the list is
 * merged into its entry and counted), the refused rows, and the list's counters.
 */
export async function writeBatch(
  db: Database,
  target: ListTarget,
  rows: BatchRow[],
  errors: BatchError[],
): Promise<BatchCounts> {
  const unique = mergeBy(rows, identityKey);
  return db.transaction(async (tx) => {
    const byDni = unique.filter((r) => r.dni);
    const others = unique.filter((r) => !r.dni);
    const ids = new Map<BatchRow, string>();
    if (byDni.length > 0) {
      const found = await tx.execute<{ id: string; dni: string }>(sql`
        insert into citizen (dni, first_name, last_name, phones, email, locality, birth_date)
        select r.dni, coalesce(r.first_name, ''), coalesce(r.last_name, ''),
               case when r.phone is null then '{}'::text[] else array[r.phone] end,
               r.email, r.locality, r.birth_date::date
        from jsonb_to_recordset(${json(byDni.map(citizenJson))}::jsonb) as r(
          dni text, first_name text, last_name text, phone text, email text, locality text, birth_date text)
        order by r.dni
        on conflict (dni) do update set
          first_name = coalesce(nullif(excluded.first_name, ''), citizen.first_name),
          last_name = coalesce(nullif(excluded.last_name, ''), citizen.last_name),
          phones = case when cardinality(excluded.phones) = 0 or excluded.phones[1] = any(citizen.phones)
                        then citizen.phones else citizen.phones || excluded.phones end,
          email = coalesce(excluded.email, citizen.email),
          locality = coalesce(excluded.locality, citizen.locality),
          birth_date = coalesce(excluded.birth_date, citizen.birth_date),
          updated_at = now()
        returning id, dni`);
      const idOf = new Map([...found].map((f) => [f.dni, f.id]));
      for (const r of byDni) {
        const id = r.dni ? idOf.get(r.dni) : undefined;
        if (id) ids.set(r, id);
      }
    }
    if (others.length > 0) await resolveWithoutDni(tx, others, ids);
    // Two rows of the batch (one by DNI, one by phone) can name the same citizen: merge again.
    const withIds = unique.map((r) => ({ ...r, citizenId: ids.get(r) ?? '' })).filter((r) => r.citizenId);
    const entries = mergeBy(withIds, (r) => r.citizenId);
    const withFields = entries.filter((r) => Object.keys(r.fields).length > 0);
    if (withFields.length > 0) {
      await tx.execute(sql`
        insert into citizen_profile (organization_id, citizen_id, fields)
        select ${target.organizationId}, r.citizen_id, r.fields
        from jsonb_to_recordset(${json(withFields.map((r) => ({ citizen_id: r.citizenId, fields: r.fields })))}::jsonb)
          as r(citizen_id uuid, fields jsonb)
        order by r.citizen_id
        on conflict (organization_id, citizen_id) do update
          set fields = citizen_profile.fields || excluded.fields, updated_at = now()`);
    }
    let inserted = 0;
    if (entries.length > 0) {
      const entryJson = entries.map((r) => ({
        citizen_id: r.citizenId,
        row_number: r.rowNumber,
        phone: r.phone,
        phone_kind: r.phoneKind,
        email: r.email,
        fields: r.fields,
      }));
      // A revoked consent stays revoked: a list does not overrule the citizen.
      await tx.execute(sql`
        insert into purpose_consent (organization_id, citizen_id, purpose, status, source)
        select ${target.organizationId}, r.citizen_id, ${target.purpose}, 'granted', ${`list:${target.listId}`}
        from jsonb_to_recordset(${json(entryJson)}::jsonb) as r(citizen_id uuid)
        order by r.citizen_id
        on conflict (organization_id, citizen_id, purpose) do nothing`);
      const written = await tx.execute<{ inserted: boolean }>(sql`
        insert into contact_list_entry
          (organization_id, list_id, citizen_id, row_number, phone, phone_kind, email, fields)
        select ${target.organizationId}, ${target.listId}::uuid, r.citizen_id, r.row_number, r.phone,
               r.phone_kind, r.email, r.fields
        from jsonb_to_recordset(${json(entryJson)}::jsonb) as r(
          citizen_id uuid, row_number int, phone text, phone_kind text, email text, fields jsonb)
        on conflict (list_id, citizen_id) do update set
          phone = coalesce(contact_list_entry.phone, excluded.phone),
          phone_kind = case when contact_list_entry.phone is null then excluded.phone_kind
                            else contact_list_entry.phone_kind end,
          email = coalesce(contact_list_entry.email, excluded.email),
          fields = excluded.fields || contact_list_entry.fields
        returning (xmax = 0) as inserted`);
      inserted = [...written].filter((w) => w.inserted).length;
    }
    if (errors.length > 0) {
      await tx.execute(sql`
        insert into contact_list_error (organization_id, list_id, row_number, "column", value, reason)
        select ${target.organizationId}, ${target.listId}::uuid, r.row_number, r."column", r.value, r.reason
        from rows from (jsonb_to_recordset(${json(
          errors.map((e) => ({
            row_number: e.rowNumber,
            column: e.column,
            value: e.value,
            reason: e.reason,
          })),
        )}::jsonb) as (row_number int, "column" text, value text, reason text))
          with ordinality as r(row_number, "column", value, reason, n)
        order by r.n`);
    }
    const errorRows = new Set(errors.map((e) => e.rowNumber)).size;
    // Every valid row either became an entry or was merged into one (in this batch or an earlier one).
    const counts: BatchCounts = {
      valid: inserted,
      merged: rows.length - inserted,
      errors: errorRows,
      processed: rows.length + errorRows,
    };
    await tx.execute(sql`
      update contact_list set
        processed_rows = processed_rows + ${counts.processed},
        valid_rows = valid_rows + ${counts.valid},
        merged_rows = merged_rows + ${counts.merged},
        error_rows = error_rows + ${counts.errors}
      where id = ${target.listId} and organization_id = ${target.organizationId}`);
    return counts;
  });
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Rows without a DNI find their citizen by phone (the GIN index on phones), else by email, else
 * become new citizens. A found citizen's blanks are filled, never its values blanked.
 */
async function resolveWithoutDni(tx: Tx, rows: BatchRow[], ids: Map<BatchRow, string>): Promise<void> {
  const phones = [...new Set(rows.flatMap((r) => (r.phone ? [r.phone] : [])))];
  const emails = [...new Set(rows.flatMap((r) => (!r.phone && r.email ? [r.email] : [])))];
  const byPhone = new Map<string, string>();
  const byEmail = new Map<string, string>();
  if (phones.length > 0) {
    const found = await tx.execute<{ phone: string; id: string }>(sql`
      select distinct on (p.phone) p.phone, c.id
      from jsonb_array_elements_text(${json(phones)}::jsonb) as p(phone)
      join citizen c on c.phones @> array[p.phone]
      order by p.phone, c.created_at, c.id`);
    for (const f of found) byPhone.set(f.phone, f.id);
  }
  if (emails.length > 0) {
    const found = await tx.execute<{ email: string; id: string }>(sql`
      select distinct on (e.email) e.email, c.id
      from jsonb_array_elements_text(${json(emails)}::jsonb) as e(email)
      join citizen c on c.email = e.email
      order by e.email, c.created_at, c.id`);
    for (const f of found) byEmail.set(f.email, f.id);
  }
  const known: { row: BatchRow; id: string }[] = [];
  const fresh: { row: BatchRow; id: string }[] = [];
  for (const row of rows) {
    const found = row.phone ? byPhone.get(row.phone) : row.email ? byEmail.get(row.email) : undefined;
    const id = found ?? randomUUID();
    (found ? known : fresh).push({ row, id });
    ids.set(row, id);
  }
  if (known.length > 0) {
    await tx.execute(sql`
      update citizen c set
        first_name = coalesce(nullif(r.first_name, ''), c.first_name),
        last_name = coalesce(nullif(r.last_name, ''), c.last_name),
        email = coalesce(c.email, r.email),
        phones = case when r.phone is null or r.phone = any(c.phones) then c.phones else c.phones || r.phone end,
        locality = coalesce(r.locality, c.locality),
        birth_date = coalesce(r.birth_date::date, c.birth_date),
        updated_at = now()
      from (select distinct on (x.id) x.* from jsonb_to_recordset(${json(
        known.map(({ row, id }) => ({ id, ...citizenJson(row) })),
      )}::jsonb) as x(id uuid, first_name text, last_name text, phone text, email text, locality text,
          birth_date text) order by x.id) as r
      where c.id = r.id`);
  }
  if (fresh.length > 0) {
    await tx.execute(sql`
      insert into citizen (id, first_name, last_name, phones, email, locality, birth_date)
      select r.id, coalesce(r.first_name, ''), coalesce(r.last_name, ''),
             case when r.phone is null then '{}'::text[] else array[r.phone] end,
             r.email, r.locality, r.birth_date::date
      from jsonb_to_recordset(${json(fresh.map(({ row, id }) => ({ id, ...citizenJson(row) })))}::jsonb) as r(
        id uuid, first_name text, last_name text, phone text, email text, locality text, birth_date text)`);
  }
}

function citizenJson(r: BatchRow) {
  return {
    dni: r.dni,
    first_name: r.firstName,
    last_name: r.lastName,
    phone: r.phone,
    email: r.email,
    locality: r.locality,
    birth_date: r.birthDate,
  };
}

/** The same citizen twice: later rows fill what earlier ones left blank; the first row's number stays. */
function mergeBy<T extends BatchRow>(rows: T[], key: (r: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    const first = byKey.get(k);
    if (!first) {
      byKey.set(k, { ...row, fields: { ...row.fields } });
      continue;
    }
    first.dni ??= row.dni;
    first.firstName ||= row.firstName;
    first.lastName ||= row.lastName;
    if (!first.phone) {
      first.phone = row.phone;
      first.phoneKind = row.phoneKind;
    }
    first.email ??= row.email;
    first.locality ??= row.locality;
    first.birthDate ??= row.birthDate;
    first.fields = { ...row.fields, ...first.fields };
  }
  return [...byKey.values()];
}

function identityKey(r: BatchRow): string {
  if (r.dni) return `d:${r.dni}`;
  if (r.phone) return `p:${r.phone}`;
  return `e:${r.email ?? ''}`;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}
