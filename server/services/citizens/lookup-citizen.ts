import { arrayContains, eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { Citizen } from '@/db/schema';
import type { CitizenRecord } from '@/lib/contracts/engine-activities';
import { normalizeEmail, normalizePhone } from './contact-address';

export type CitizenKey = { by: 'phone' | 'dni' | 'email'; value: string };

/** A citizen of the provincial base by phone, DNI or email; null when none matches (or the value is not one). */
export async function lookupCitizen(db: Database, key: CitizenKey): Promise<CitizenRecord | null> {
  const where = citizenWhere(key);
  if (!where) return null;
  const row = await db.query.citizen.findFirst({ where, orderBy: schema.citizen.createdAt });
  return row ? toCitizenRecord(row) : null;
}

function citizenWhere(key: CitizenKey) {
  if (key.by === 'phone') {
    const phone = normalizePhone(key.value);
    return phone ? arrayContains(schema.citizen.phones, [phone]) : null;
  }
  if (key.by === 'dni') {
    // People type "30.123.456" or "30 123 456".
    const dni = key.value.replace(/[\s.-]/g, '');
    return dni ? eq(schema.citizen.dni, dni) : null;
  }
  const email = normalizeEmail(key.value);
  return email ? sql`lower(${schema.citizen.email}) = ${email}` : null;
}

/** What a flow sees as `contact.*`: free attributes first, so they never shadow the base fields. */
export function toCitizenRecord(row: Citizen): CitizenRecord {
  return {
    ...row.attributes,
    id: row.id,
    dni: row.dni,
    first_name: row.firstName,
    last_name: row.lastName,
    phone: row.phones[0] ?? null,
    email: row.email,
    locality: row.locality,
    birth_date: row.birthDate,
  };
}
