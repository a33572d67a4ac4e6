import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { addEntry, seedList } from '@/scripts/test-setup/audience-seed';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { uploadNoLlame } from '@/server/api/callers/no-llame-upload';
import { audienceSummary } from '../campaigns/audience';
import { addDoNotContact, listDoNotContact } from './do-not-contact';
import { importNoLlame, noLlameStatus } from './no-llame-import';

const db = testDb();
let a: Tenant;
let b: Tenant;
beforeAll(async () => {
  a = await createTenant(db, 'Cumplimiento');
  b = await createTenant(db, 'Ajeno');
});
const imports: string[] = [];
afterAll(async () => {
  // The registry is national: leave no ready list behind for other files' freshness checks.
  if (imports.length > 0)
    await db.delete(schema.noLlameImport).where(inArray(schema.noLlameImport.id, imports));
  await closeTestDb();
});

async function* chunks(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}
const actor = () => ({ organizationId: a.org.id, userId: a.members.admin.userId });

describe('No Llame import', () => {
  // One test: imports are national, so they run in order here and no other file makes one ready.
  it('normalises, replaces the previous list atomically, refuses an older one, and reports status', async () => {
    const first = await importNoLlame(db, actor(), {
      registryDate: '2090-01-01',
      fileName: 'registro.csv',
      // A BOM, a header naming the column, Argentine forms, a bad value, a chunk split mid-line.
      source: chunks('\uFEFFnombre;telefono\nAna;0341 15-555-0001\nBeto;+54 9 341 555', '-0002\nX;no es\n'),
    });
    imports.push(first.importId);
    expect(first).toMatchObject({ numbers: 2, invalid: 1 });
    const numbers = async (importId: string) =>
      (await db.select().from(schema.noLlameNumber).where(eq(schema.noLlameNumber.importId, importId))).map(
        (r) => r.phone,
      );
    expect((await numbers(first.importId)).sort()).toEqual(['+5493415550001', '+5493415550002']);

    const second = await importNoLlame(db, actor(), {
      registryDate: '2090-02-01',
      fileName: 'registro.txt',
      source: chunks('+5493415550002\r\n3415550003\r\n'),
    });
    imports.push(second.importId);
    // A number written without the 9 or 15 may be a landline or a mobile: both forms are excluded.
    expect(second).toMatchObject({ numbers: 3, invalid: 0 });
    expect(await numbers(first.importId)).toEqual([]);
    expect((await numbers(second.importId)).sort()).toEqual([
      '+543415550003',
      '+5493415550002',
      '+5493415550003',
    ]);
    const [old] = await db
      .select()
      .from(schema.noLlameImport)
      .where(eq(schema.noLlameImport.id, first.importId));
    expect(old?.status).toBe('replaced');

    await expect(
      importNoLlame(db, actor(), {
        registryDate: '2090-01-15',
        fileName: 'x',
        source: chunks('3415550009\n'),
      }),
    ).rejects.toMatchObject({ code: 'NO_LLAME_OLDER' });

    const status = await noLlameStatus(db, new Date('2090-03-15T12:00:00Z'));
    expect(status).toMatchObject({
      latest: { registryDate: '2090-02-01', numbers: 3 },
      ageDays: 42,
      stale: true,
    });
    expect((await noLlameStatus(db, new Date('2090-02-10T00:00:00Z'))).stale).toBe(false);

    // The new list is what audiences exclude for a non-exempt basis.
    const list = await seedList(db, { organizationId: a.org.id });
    await addEntry(db, { organizationId: a.org.id, listId: list, phone: '+5493415550003' });
    await addEntry(db, { organizationId: a.org.id, listId: list, phone: '+5493415550001' });
    expect(
      await audienceSummary(db, {
        organizationId: a.org.id,
        audience: { listIds: [list], filters: [] },
        channel: 'sms',
        legalBasis: 'consent',
      }),
    ).toEqual({ total: 2, eligible: 1, excluded: { no_llame: 1 } });
    const [audit] = await db
      .select()
      .from(schema.auditLog)
      .where(
        and(eq(schema.auditLog.action, 'no_llame.imported'), eq(schema.auditLog.targetId, second.importId)),
      );
    expect(audit?.organizationId).toBe(a.org.id);
  });

  it('lets only an admin upload, through the route', async () => {
    const request = () =>
      new Request('http://x/api/compliance/no-llame?registryDate=2000-01-01', {
        method: 'POST',
        body: '3415550001\n',
      });
    const as = (userId: string) => ({ id: 's', userId, activeOrganizationId: a.org.id });
    for (const role of ['campaign_manager', 'supervisor', 'agent'] as const) {
      const res = await uploadNoLlame({ db, session: as(a.members[role].userId), requestId: 'r' }, request());
      expect(res.status, role).toBe(403);
    }
    expect((await uploadNoLlame({ db, session: null, requestId: 'r' }, request())).status).toBe(401);
  });
});

describe('do-not-contact register', () => {
  it('adds normalised addresses once, searches, and keeps a removal in the register (admins only)', async () => {
    const manager = callerFor(db, a, 'campaign_manager');
    const added = await manager.compliance.doNotContactAdd({
      address: '0341 15-444-0001',
      reason: 'staff',
      note: 'pidió',
    });
    expect(added).toMatchObject({ address: '+5493414440001', created: true });
    expect(
      await manager.compliance.doNotContactAdd({ address: '+54 9 341 444-0001', reason: 'complaint' }),
    ).toMatchObject({ id: added.id, created: false });
    await expect(
      manager.compliance.doNotContactAdd({ address: 'no es nada', reason: 'staff' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await manager.compliance.doNotContactAdd({ address: 'Vecina@Example.org', reason: 'citizen_request' });
    const found = await manager.compliance.doNotContactList({ query: '341 15-444-0001' });
    expect(found.rows.map((r) => r.id)).toEqual([added.id]);
    expect((await manager.compliance.doNotContactList({ query: 'vecina@' })).rows[0]?.address).toBe(
      'vecina@example.org',
    );

    await expect(manager.compliance.doNotContactRemove({ id: added.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      callerFor(db, a, 'supervisor').compliance.doNotContactRemove({ id: added.id }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Another organismo's admin cannot lift it.
    await expect(
      callerFor(db, b, 'admin').compliance.doNotContactRemove({ id: added.id }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await callerFor(db, a, 'admin').compliance.doNotContactRemove({ id: added.id, note: 'error de carga' });
    expect((await listDoNotContact(db, a.org.id, { query: '3414440001' })).rows).toEqual([]);
    const withRemoved = await listDoNotContact(db, a.org.id, { query: '3414440001', includeRemoved: true });
    expect(withRemoved.rows[0]).toMatchObject({ id: added.id, removedNote: 'error de carga' });
    expect(withRemoved.rows[0]?.removedAt).toBeInstanceOf(Date);
    expect(withRemoved.rows[0]?.removedByName).toContain('admin');
    // Blocked again after the removal: a new row, the old one stays.
    expect(await addDoNotContact(db, actor(), { address: '3414440001', reason: 'staff' })).toMatchObject({
      created: true,
    });
    const actions = (
      await db.select().from(schema.auditLog).where(eq(schema.auditLog.targetId, added.id))
    ).map((r) => r.action);
    expect(actions.sort()).toEqual(['do_not_contact.added', 'do_not_contact.removed']);
  });

  it('records a citizen’s art. 27 request from the citizen’s page, which the audience honours', async () => {
    const list = await seedList(db, { organizationId: a.org.id });
    const one = await addEntry(db, { organizationId: a.org.id, listId: list });
    await db
      .update(schema.citizen)
      .set({ phones: ['+5493415557777'], email: 'uno@example.org' })
      .where(eq(schema.citizen.id, one.citizenId));
    expect(
      await callerFor(db, a, 'agent').compliance.blockCitizen({
        citizenId: one.citizenId,
        note: 'por teléfono',
      }),
    ).toEqual({
      blocked: 2,
    });
    const rows = await db
      .select()
      .from(schema.doNotContact)
      .where(
        and(
          eq(schema.doNotContact.organizationId, a.org.id),
          eq(schema.doNotContact.citizenId, one.citizenId),
        ),
      );
    expect(rows.map((r) => r.reason)).toEqual(['citizen_request', 'citizen_request']);
    // The list row's own phone differs from the citizen's: the block by citizen still excludes it.
    const summary = await audienceSummary(db, {
      organizationId: a.org.id,
      audience: { listIds: [list], filters: [] },
      channel: 'sms',
    });
    expect(summary.excluded.do_not_contact).toBe(1);
    // Blocked for this organismo only.
    const otherList = await seedList(db, { organizationId: b.org.id });
    await addEntry(db, { organizationId: b.org.id, listId: otherList, citizenId: one.citizenId });
    expect(
      await audienceSummary(db, {
        organizationId: b.org.id,
        audience: { listIds: [otherList], filters: [] },
        channel: 'sms',
      }),
    ).toMatchObject({ eligible: 1 });
  });
});
