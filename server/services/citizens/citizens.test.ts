import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { normalizeEmail, normalizePhone } from './contact-address';
import { lookupCitizen } from './lookup-citizen';
import { isOptedOut } from './opt-out';
import { updateCitizen } from './update-citizen';

const db = testDb();
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'Citizens');
});
afterAll(closeTestDb);

/** A citizen with a unique DNI, phone and email. */
async function citizen(attributes: Record<string, unknown> = {}) {
  const n = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  const [row] = await db
    .insert(schema.citizen)
    .values({
      dni: `30${n}`,
      firstName: 'Ana',
      lastName: 'Pérez',
      phones: [`+5493515${n}`, `+54351${n}7`],
      email: `Ana.${n}@Example.com`,
      locality: 'Córdoba',
      birthDate: '1985-03-14',
      attributes,
    })
    .returning();
  if (!row) throw new Error('citizen insert returned nothing');
  return { ...row, n };
}

describe('contact addresses', () => {
  it('normalizes Argentine numbers as people type them to E.164', () => {
    expect(normalizePhone('0351 15 555-0001')).toBe('+5493515550001');
    expect(normalizePhone('+54 9 351 555 0001')).toBe('+5493515550001');
    expect(normalizePhone('011 15 2345 6789')).toBe('+5491123456789');
    expect(normalizePhone('+1 415 555 2671')).toBe('+14155552671');
    expect(normalizePhone('12')).toBeNull();
    expect(normalizePhone('hola')).toBeNull();
  });

  it('lowercases emails and refuses what cannot be one', () => {
    expect(normalizeEmail('  Ana@Example.COM ')).toBe('ana@example.com');
    expect(normalizeEmail('ana@example')).toBeNull();
    expect(normalizeEmail('ana example.com')).toBeNull();
  });
});

describe('lookupCitizen', () => {
  it('finds a citizen by phone in any local format, by DNI with dots, by email in any case', async () => {
    const c = await citizen({ obra_social: 'APROSS' });
    const expected = {
      id: c.id,
      dni: c.dni,
      first_name: 'Ana',
      last_name: 'Pérez',
      phone: `+5493515${c.n}`,
      email: c.email,
      locality: 'Córdoba',
      birth_date: '1985-03-14',
      obra_social: 'APROSS',
    };
    expect(await lookupCitizen(db, { by: 'phone', value: `0351 15 5${c.n}` })).toEqual(expected);
    const dotted = `${c.dni?.slice(0, 2)}.${c.dni?.slice(2, 5)}.${c.dni?.slice(5)}`;
    expect(await lookupCitizen(db, { by: 'dni', value: dotted })).toEqual(expected);
    expect(await lookupCitizen(db, { by: 'email', value: ` ANA.${c.n}@EXAMPLE.COM` })).toEqual(expected);
  });

  it('returns null when nobody matches or the value is not a phone or email', async () => {
    expect(await lookupCitizen(db, { by: 'dni', value: '99999999999' })).toBeNull();
    expect(await lookupCitizen(db, { by: 'phone', value: 'no tengo' })).toBeNull();
    expect(await lookupCitizen(db, { by: 'email', value: 'nadie' })).toBeNull();
    expect(await lookupCitizen(db, { by: 'dni', value: ' . ' })).toBeNull();
  });

  it('never lets a free attribute shadow a base field', async () => {
    const c = await citizen({ id: 'fake', first_name: 'Otra', barrio: 'Alberdi' });
    const found = await lookupCitizen(db, { by: 'dni', value: c.dni ?? '' });
    expect(found).toMatchObject({ id: c.id, first_name: 'Ana', barrio: 'Alberdi' });
  });
});

describe('updateCitizen', () => {
  it('updates base fields, puts a confirmed phone first, and merges free attributes', async () => {
    const c = await citizen({ obra_social: 'APROSS' });
    await updateCitizen(db, {
      organizationId: t.org.id,
      citizenId: c.id,
      fields: {
        first_name: 'Ana María',
        last_name: '',
        email: 'ANA.NUEVA@example.com',
        locality: 'Villa María',
        phone: `0351 15 5${c.n}`,
        'attributes.barrio': 'Alberdi',
        turno_preferido: 'mañana',
      },
      consents: [],
    });
    const found = await lookupCitizen(db, { by: 'dni', value: c.dni ?? '' });
    expect(found).toMatchObject({
      first_name: 'Ana María',
      last_name: 'Pérez',
      email: 'ana.nueva@example.com',
      locality: 'Villa María',
      phone: `+5493515${c.n}`,
      obra_social: 'APROSS',
      barrio: 'Alberdi',
      turno_preferido: 'mañana',
    });

    await updateCitizen(db, {
      organizationId: t.org.id,
      citizenId: c.id,
      fields: { phone: '+54 9 11 2345-6789' },
      consents: [],
    });
    const row = await db.query.citizen.findFirst({ where: eq(schema.citizen.id, c.id) });
    expect(row?.phones).toEqual(['+5491123456789', ...c.phones]);
  });

  it('records consents per organismo and channel, changing them in place, and opt-out then applies', async () => {
    const c = await citizen();
    const phone = `+5493515${c.n}`;
    const consent = (status: 'granted' | 'opted_out') =>
      updateCitizen(db, {
        organizationId: t.org.id,
        citizenId: c.id,
        fields: {},
        consents: [{ channel: 'SMS', status }],
      });
    await consent('granted');
    await consent('opted_out');
    const rows = await db
      .select()
      .from(schema.citizenConsent)
      .where(
        and(eq(schema.citizenConsent.citizenId, c.id), eq(schema.citizenConsent.organizationId, t.org.id)),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'sms', status: 'opted_out', source: 'flow' });

    const other = await createTenant(db, 'OtherCitizens');
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'sms', address: phone, kind: 'phone' }),
    ).toBe(true);
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'whatsapp', address: phone, kind: 'phone' }),
    ).toBe(false);
    expect(
      await isOptedOut(db, { organizationId: other.org.id, channel: 'sms', address: phone, kind: 'phone' }),
    ).toBe(false);
  });

  it('refuses an unknown citizen, a bad email or phone, and an unknown consent channel, changing nothing', async () => {
    const c = await citizen();
    const base = { organizationId: t.org.id, citizenId: c.id, fields: {}, consents: [] };
    await expect(updateCitizen(db, { ...base, citizenId: randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(updateCitizen(db, { ...base, citizenId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(updateCitizen(db, { ...base, fields: { email: 'nope' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(updateCitizen(db, { ...base, fields: { phone: '12' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      updateCitizen(db, {
        ...base,
        fields: { first_name: 'Cambiado' },
        consents: [{ channel: 'palomas', status: 'granted' }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const row = await db.query.citizen.findFirst({ where: eq(schema.citizen.id, c.id) });
    expect(row?.firstName).toBe('Ana');
  });
});
