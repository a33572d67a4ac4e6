import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import {
  addEntry,
  randomMobile,
  seedAttempts,
  seedCampaign,
  seedList,
} from '@/scripts/test-setup/audience-seed';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type AudienceSpec, audienceSummary, materializeAudience, recheckContacts } from './audience';

const db = testDb();
let a: Tenant;
let b: Tenant;
// Numbers of this file on the national registry, under an import of its own that is never "ready", so
// no other test's freshness check sees it.
let noLlameImportId: string;

beforeAll(async () => {
  a = await createTenant(db, 'Audiencia');
  b = await createTenant(db, 'Otro');
  const [imp] = await db
    .insert(schema.noLlameImport)
    .values({ registryDate: '2000-01-01', status: 'failed' })
    .returning({ id: schema.noLlameImport.id });
  if (!imp) throw new Error('no import');
  noLlameImportId = imp.id;
});
afterAll(closeTestDb);

const spec = (listIds: string[], over: Partial<AudienceSpec> = {}): AudienceSpec => ({
  organizationId: a.org.id,
  audience: { listIds, filters: [] },
  channel: 'sms',
  ...over,
});

describe('audience exclusions, each counted with its reason', () => {
  it('counts an opt-out of this organismo on the channel, not on another channel', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    const out = await addEntry(db, { organizationId: a.org.id, listId: list });
    const other = await addEntry(db, { organizationId: a.org.id, listId: list });
    await db.insert(schema.citizenConsent).values([
      { organizationId: a.org.id, citizenId: out.citizenId, channel: 'sms', status: 'opted_out' },
      { organizationId: a.org.id, citizenId: other.citizenId, channel: 'email', status: 'opted_out' },
    ]);
    expect(await audienceSummary(db, spec([list]))).toEqual({
      total: 2,
      eligible: 1,
      excluded: { opted_out: 1 },
    });
  });

  it('counts the organismo’s do-not-contact register by address and by citizen, not a removed block', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    const byAddress = await addEntry(db, { organizationId: a.org.id, listId: list });
    const byCitizen = await addEntry(db, { organizationId: a.org.id, listId: list });
    const removed = await addEntry(db, { organizationId: a.org.id, listId: list });
    await db.insert(schema.doNotContact).values([
      { organizationId: a.org.id, address: byAddress.phone ?? '', reason: 'staff' },
      {
        organizationId: a.org.id,
        citizenId: byCitizen.citizenId,
        address: randomMobile(),
        reason: 'citizen_request',
      },
      { organizationId: a.org.id, address: removed.phone ?? '', reason: 'staff', removedAt: new Date() },
    ]);
    expect(await audienceSummary(db, spec([list]))).toEqual({
      total: 3,
      eligible: 1,
      excluded: { do_not_contact: 2 },
    });
  });

  it('counts No Llame only for a basis that is not exempt, and not for email', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    const listed = await addEntry(db, { organizationId: a.org.id, listId: list, email: 'x@example.org' });
    await addEntry(db, { organizationId: a.org.id, listId: list, email: 'y@example.org' });
    await db.insert(schema.noLlameNumber).values({ phone: listed.phone ?? '', importId: noLlameImportId });
    expect(await audienceSummary(db, spec([list], { legalBasis: 'consent' }))).toEqual({
      total: 2,
      eligible: 1,
      excluded: { no_llame: 1 },
    });
    expect(await audienceSummary(db, spec([list], { legalBasis: 'public_interest' }))).toMatchObject({
      eligible: 2,
    });
    expect(await audienceSummary(db, spec([list], { legalBasis: 'other', channel: 'email' }))).toMatchObject({
      eligible: 2,
    });
  });

  it('counts the frequency cap across every campaign of this organismo, in its window only', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    const now = new Date('2026-06-10T12:00:00Z');
    const twice = await addEntry(db, { organizationId: a.org.id, listId: list });
    const once = await addEntry(db, { organizationId: a.org.id, listId: list });
    const longAgo = await addEntry(db, { organizationId: a.org.id, listId: list });
    const byOther = await addEntry(db, { organizationId: a.org.id, listId: list });
    const [c1, c2] = [await seedCampaign(db, a.org.id), await seedCampaign(db, a.org.id)];
    const day = 86_400_000;
    await seedAttempts(db, {
      organizationId: a.org.id,
      campaignId: c1,
      citizenId: twice.citizenId,
      count: 1,
      at: new Date(now.getTime() - day),
    });
    await seedAttempts(db, {
      organizationId: a.org.id,
      campaignId: c2,
      citizenId: twice.citizenId,
      count: 1,
      at: new Date(now.getTime() - 3 * day),
    });
    await seedAttempts(db, {
      organizationId: a.org.id,
      campaignId: c1,
      citizenId: once.citizenId,
      count: 1,
      at: new Date(now.getTime() - day),
    });
    await seedAttempts(db, {
      organizationId: a.org.id,
      campaignId: c1,
      citizenId: longAgo.citizenId,
      count: 2,
      at: new Date(now.getTime() - 8 * day),
    });
    // Another organismo's attempts never count against this one's cap.
    const cb = await seedCampaign(db, b.org.id);
    await seedAttempts(db, {
      organizationId: b.org.id,
      campaignId: cb,
      citizenId: byOther.citizenId,
      count: 3,
      at: new Date(now.getTime() - day),
    });
    expect(await audienceSummary(db, spec([list], { frequencyCap: { max: 2, days: 7 }, now }))).toEqual({
      total: 4,
      eligible: 3,
      excluded: { frequency_cap: 1 },
    });
  });

  it('counts a missing address, a fixed line for SMS and WhatsApp (not for voice), and no email', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    await addEntry(db, { organizationId: a.org.id, listId: list, phone: null });
    await addEntry(db, {
      organizationId: a.org.id,
      listId: list,
      phone: '+543414555000',
      phoneKind: 'fixed',
    });
    await addEntry(db, { organizationId: a.org.id, listId: list, phoneKind: 'fixed_or_mobile' });
    await addEntry(db, { organizationId: a.org.id, listId: list, email: 'z@example.org' });
    expect(await audienceSummary(db, spec([list]))).toEqual({
      total: 4,
      eligible: 2,
      excluded: { invalid_address: 2 },
    });
    expect(await audienceSummary(db, spec([list], { channel: 'whatsapp' }))).toMatchObject({ eligible: 2 });
    expect(await audienceSummary(db, spec([list], { channel: 'voice' }))).toMatchObject({ eligible: 3 });
    expect(await audienceSummary(db, spec([list], { channel: 'email' }))).toEqual({
      total: 4,
      eligible: 1,
      excluded: { invalid_address: 3 },
    });
  });

  it('counts no consent for the purpose when the list was collected for another', async () => {
    const vaccination = await seedList(db, { organizationId: a.org.id, purpose: 'vacunacion' });
    const tax = await seedList(db, { organizationId: a.org.id, purpose: 'moratoria' });
    const granted = await addEntry(db, { organizationId: a.org.id, listId: vaccination });
    await addEntry(db, { organizationId: a.org.id, listId: vaccination });
    const onBoth = await addEntry(db, { organizationId: a.org.id, listId: vaccination });
    await addEntry(db, { organizationId: a.org.id, listId: tax, citizenId: onBoth.citizenId });
    const revoked = await addEntry(db, { organizationId: a.org.id, listId: tax });
    await db.insert(schema.purposeConsent).values([
      {
        organizationId: a.org.id,
        citizenId: granted.citizenId,
        purpose: 'moratoria',
        status: 'granted',
        source: 'manual',
      },
      {
        organizationId: a.org.id,
        citizenId: revoked.citizenId,
        purpose: 'moratoria',
        status: 'revoked',
        source: 'manual',
      },
    ]);
    // A tax campaign: the vaccination list's citizens need a grant; the tax list's need none (unless revoked).
    expect(await audienceSummary(db, spec([vaccination, tax], { purpose: 'moratoria' }))).toEqual({
      total: 4,
      eligible: 2,
      excluded: { no_purpose_consent: 2 },
    });
  });
});

describe('audience tenancy', () => {
  it('never counts another organismo’s lists, do-not-contact rows, opt-outs or consents', async () => {
    const list = await seedList(db, { organizationId: a.org.id, purpose: 'vacunacion' });
    const foreignList = await seedList(db, { organizationId: b.org.id, purpose: 'moratoria' });
    const one = await addEntry(db, { organizationId: a.org.id, listId: list });
    await addEntry(db, { organizationId: b.org.id, listId: foreignList, citizenId: one.citizenId });
    await addEntry(db, { organizationId: b.org.id, listId: foreignList });
    await db
      .insert(schema.doNotContact)
      .values({ organizationId: b.org.id, address: one.phone ?? '', reason: 'staff' });
    await db
      .insert(schema.citizenConsent)
      .values({ organizationId: b.org.id, citizenId: one.citizenId, channel: 'sms', status: 'opted_out' });
    const two = await addEntry(db, { organizationId: a.org.id, listId: list });
    // B's grant for the tax purpose does not make A's vaccination citizen a tax target.
    await db.insert(schema.purposeConsent).values({
      organizationId: b.org.id,
      citizenId: two.citizenId,
      purpose: 'moratoria',
      status: 'granted',
      source: 'manual',
    });
    expect(await audienceSummary(db, spec([list, foreignList]))).toEqual({
      total: 2,
      eligible: 2,
      excluded: {},
    });
    expect(await audienceSummary(db, spec([list, foreignList], { purpose: 'moratoria' }))).toEqual({
      total: 2,
      eligible: 0,
      excluded: { no_purpose_consent: 2 },
    });
  });
});

describe('audience filters on fixed and custom fields', () => {
  it('filters by a typed custom date and number, and ignores malformed stored values', async () => {
    await db.insert(schema.citizenField).values([
      { organizationId: a.org.id, key: 'dose_date', type: 'date' },
      { organizationId: a.org.id, key: 'deuda', type: 'number' },
    ]);
    const list = await seedList(db, { organizationId: a.org.id });
    await addEntry(db, {
      organizationId: a.org.id,
      listId: list,
      fields: { dose_date: '2026-06-10', deuda: '1500.5' },
    });
    await addEntry(db, {
      organizationId: a.org.id,
      listId: list,
      fields: { dose_date: '2026-05-01', deuda: '20' },
    });
    await addEntry(db, {
      organizationId: a.org.id,
      listId: list,
      fields: { dose_date: 'pronto', deuda: 'mucho' },
    });
    const withProfile = await addEntry(db, { organizationId: a.org.id, listId: list });
    await db.insert(schema.citizenProfile).values({
      organizationId: a.org.id,
      citizenId: withProfile.citizenId,
      fields: { dose_date: '2026-07-01' },
    });
    const filtered = (filters: AudienceSpec['audience']['filters']) =>
      audienceSummary(db, { ...spec([list]), audience: { listIds: [list], filters } });
    expect(await filtered([{ field: 'dose_date', op: 'gte', value: '2026-06-01' }])).toMatchObject({
      total: 2,
    });
    expect(await filtered([{ field: 'deuda', op: 'gt', value: '100' }])).toMatchObject({ total: 1 });
    expect(await filtered([{ field: 'dose_date', op: 'is_empty', value: '' }])).toMatchObject({ total: 0 });
    expect(await filtered([{ field: 'first_name', op: 'eq', value: 'VECINO' }])).toMatchObject({ total: 4 });
  });

  it('refuses a filter on an unknown field (or another organismo’s) with INVALID_INPUT', async () => {
    await db.insert(schema.citizenField).values({ organizationId: b.org.id, key: 'solo_de_b', type: 'text' });
    const list = await seedList(db, { organizationId: a.org.id });
    for (const field of ['no_existe', 'solo_de_b']) {
      await expect(
        audienceSummary(db, {
          ...spec([list]),
          audience: { listIds: [list], filters: [{ field, op: 'eq', value: 'x' }] },
        }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field } });
    }
    await expect(
      audienceSummary(db, {
        ...spec([list]),
        audience: { listIds: [list], filters: [{ field: 'birth_date', op: 'gt', value: 'ayer' }] },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('materialize and recheck', () => {
  it('writes the same reasons as the counts, and a BAJA mid-campaign excludes the contact on recheck', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    const fine = await addEntry(db, { organizationId: a.org.id, listId: list });
    const blocked = await addEntry(db, { organizationId: a.org.id, listId: list });
    await db
      .insert(schema.doNotContact)
      .values({ organizationId: a.org.id, address: blocked.phone ?? '', reason: 'staff' });
    const campaignId = await seedCampaign(db, a.org.id);
    const s = spec([list]);
    expect(await materializeAudience(db, { ...s, campaignId })).toEqual({ inserted: 2 });
    expect(await materializeAudience(db, { ...s, campaignId })).toEqual({ inserted: 0 });
    const contacts = await db
      .select()
      .from(schema.campaignContact)
      .where(eq(schema.campaignContact.campaignId, campaignId));
    const byCitizen = new Map(contacts.map((c) => [c.citizenId, c]));
    expect(byCitizen.get(fine.citizenId)).toMatchObject({
      state: 'pending',
      reason: null,
      address: fine.phone,
    });
    expect(byCitizen.get(blocked.citizenId)).toMatchObject({ state: 'excluded', reason: 'do_not_contact' });
    const fineId = byCitizen.get(fine.citizenId)?.id ?? '';
    const recheck = () =>
      recheckContacts(db, {
        organizationId: a.org.id,
        campaignId,
        contactIds: contacts.map((c) => c.id),
        channel: 'sms',
        legalBasis: 'consent',
        frequencyCap: { max: 1, days: 7 },
      });
    expect((await recheck()).get(fineId)).toBeUndefined();
    // The citizen replies BAJA: the next page's recheck excludes them.
    await db
      .insert(schema.citizenConsent)
      .values({ organizationId: a.org.id, citizenId: fine.citizenId, channel: 'sms', status: 'opted_out' });
    expect((await recheck()).get(fineId)).toBe('opted_out');
    // Another organismo's caller cannot recheck (or learn about) these contacts.
    const foreign = await recheckContacts(db, {
      organizationId: b.org.id,
      campaignId,
      contactIds: contacts.map((c) => c.id),
      channel: 'sms',
      legalBasis: 'consent',
    });
    expect(foreign.size).toBe(0);
  });

  it('rechecks No Llame and the frequency cap as they change', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    const one = await addEntry(db, { organizationId: a.org.id, listId: list });
    const campaignId = await seedCampaign(db, a.org.id);
    await materializeAudience(db, { ...spec([list]), campaignId });
    const [contact] = await db
      .select({ id: schema.campaignContact.id })
      .from(schema.campaignContact)
      .where(eq(schema.campaignContact.campaignId, campaignId));
    const id = contact?.id ?? randomUUID();
    const args = {
      organizationId: a.org.id,
      campaignId,
      contactIds: [id],
      channel: 'sms' as const,
      legalBasis: 'other' as const,
      frequencyCap: { max: 1, days: 7 },
    };
    expect((await recheckContacts(db, args)).size).toBe(0);
    const other = await seedCampaign(db, a.org.id);
    await seedAttempts(db, {
      organizationId: a.org.id,
      campaignId: other,
      citizenId: one.citizenId,
      count: 1,
      at: new Date(),
    });
    expect((await recheckContacts(db, args)).get(id)).toBe('frequency_cap');
    await db.insert(schema.noLlameNumber).values({ phone: one.phone ?? '', importId: noLlameImportId });
    expect((await recheckContacts(db, args)).get(id)).toBe('no_llame');
  });
});
