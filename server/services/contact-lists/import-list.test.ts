import { createHash, randomInt } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { ZCampaignPacing, ZCampaignSchedule } from '@/lib/contracts/campaign';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import type { SessionInfo } from '@/server/api/trpc';
import { errorReportResponse } from './error-report';
import { handleListUpload } from './upload-request';

const db = testDb();

/** A DNI and a phone no other test file uses: the citizen base is shared by the whole run. */
const uniqueDni = () => String(randomInt(40_000_000, 99_999_999));
const uniqueLocal = () => String(randomInt(4_000_000, 6_999_999));

/** The body as a browser sends it: in small chunks that cut characters and lines anywhere. */
function chunked(bytes: Uint8Array, size = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

describe('contact list import (real PostgreSQL)', () => {
  let t: Tenant;
  let other: Tenant;
  const session = (
    tenant: Tenant,
    who: 'campaign_manager' | 'agent' | 'supervisor' = 'campaign_manager',
  ): SessionInfo => ({
    id: 's',
    userId: tenant.members[who].userId,
    activeOrganizationId: tenant.org.id,
  });

  beforeAll(async () => {
    t = await createTenant(db, 'Listas');
    other = await createTenant(db, 'Listas2');
    await callerFor(db, t, 'campaign_manager').contactLists.createField({
      key: 'dose_date',
      type: 'date',
      label: 'Dosis',
    });
  });
  afterAll(closeTestDb);

  const createList = async (
    mapping: Record<string, string>,
    extra: { sha256?: string; allowDuplicate?: boolean } = {},
  ) =>
    callerFor(db, t, 'campaign_manager').contactLists.create({
      name: `Vacunación ${randomInt(1e6)}`,
      purpose: 'vacunacion',
      fileName: 'lista.csv',
      mapping,
      ...extra,
    });
  const upload = (
    listId: string,
    bytes: Uint8Array,
    who: SessionInfo | null = session(t),
    maxBytes?: number,
  ) =>
    handleListUpload(
      { db, session: who, ...(maxBytes ? { maxBytes } : {}) },
      {
        listId,
        request: new Request(`http://localhost/api/contact-lists/${listId}/upload`, {
          method: 'POST',
          body: chunked(bytes),
          duplex: 'half',
        } as RequestInit),
      },
    );
  const errorsOf = (listId: string) =>
    db
      .select({
        row: schema.contactListError.rowNumber,
        column: schema.contactListError.column,
        value: schema.contactListError.value,
        reason: schema.contactListError.reason,
      })
      .from(schema.contactListError)
      .where(eq(schema.contactListError.listId, listId))
      .orderBy(schema.contactListError.rowNumber, schema.contactListError.id);

  const MAPPING = {
    dni: 'dni',
    nombre: 'first_name',
    apellido: 'last_name',
    telefono: 'phone',
    dosis: 'field:dose_date',
  };

  it('keeps the valid rows of a malformed file and reports every refused row, row by row', async () => {
    const [d1, d2, d3, d4] = [uniqueDni(), uniqueDni(), uniqueDni(), uniqueDni()];
    const [p1, p2] = [uniqueLocal(), uniqueLocal()];
    const big = 'x'.repeat(5 * 1024 * 1024);
    const csv = [
      'dni;nombre;apellido;telefono;dosis', // row 1
      `${d1};Ana;"Pérez; de la Torre";0341 15-${p1};03/04/2026`, // 2: quotes around the delimiter
      `${d2};"Juan\nCarlos";Gómez;+54 9 341 ${p2};2026-04-05`, // 3: an embedded newline
      `${d3};Luis;Díaz;hola;31/02/2026`, // 4: bad phone and a day that does not exist
      `${d4};Eva`, // 5: ragged
      `${uniqueDni()};"${big}";López;;`, // 6: a 5 MB cell
      `${d1.slice(0, 2)}.${d1.slice(2, 5)}.${d1.slice(5)};;;0341 15 ${p1};`, // 7: row 2's citizen again
      ';;Sin;;', // 8: no identifier
      '', // 9: a blank line, skipped
      `${d4};Eva;Ruiz;;`, // 10: valid (row 9 is the blank line, as a spreadsheet shows it)
    ].join('\r\n');
    const bytes = new TextEncoder().encode(`\uFEFF${csv}`);
    const list = await createList(MAPPING);
    const res = await upload(list.id, bytes);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready',
      processedRows: 8,
      validRows: 3,
      mergedRows: 1,
      errorRows: 4,
      encoding: 'utf-8',
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(await errorsOf(list.id)).toEqual([
      { row: 4, column: 'telefono', value: 'hola', reason: 'INVALID_PHONE' },
      { row: 4, column: 'dosis', value: '31/02/2026', reason: 'INVALID_DATE' },
      { row: 5, column: '', value: '2 / 5', reason: 'RAGGED_ROW' },
      { row: 6, column: 'nombre', value: 'x'.repeat(200), reason: 'CELL_TOO_LARGE' },
      { row: 8, column: '', value: '', reason: 'MISSING_IDENTIFIER' },
    ]);
    const entries = await db
      .select({
        dni: schema.citizen.dni,
        firstName: schema.citizen.firstName,
        lastName: schema.citizen.lastName,
        row: schema.contactListEntry.rowNumber,
        phone: schema.contactListEntry.phone,
        kind: schema.contactListEntry.phoneKind,
        fields: schema.contactListEntry.fields,
      })
      .from(schema.contactListEntry)
      .innerJoin(schema.citizen, eq(schema.citizen.id, schema.contactListEntry.citizenId))
      .where(eq(schema.contactListEntry.listId, list.id))
      .orderBy(schema.contactListEntry.rowNumber);
    expect(entries).toEqual([
      {
        dni: d1,
        firstName: 'Ana',
        lastName: 'Pérez; de la Torre',
        row: 2,
        phone: `+549341${p1}`,
        kind: 'mobile',
        fields: { dose_date: '2026-04-03' },
      },
      {
        dni: d2,
        firstName: 'Juan Carlos',
        lastName: 'Gómez',
        row: 3,
        phone: `+549341${p2}`,
        kind: 'mobile',
        fields: { dose_date: '2026-04-05' },
      },
      { dni: d4, firstName: 'Eva', lastName: 'Ruiz', row: 10, phone: null, kind: null, fields: {} },
    ]);
    // Consent per organismo and purpose, from this list; custom values in the organismo's profile.
    const citizenIds = (
      await db
        .select({ id: schema.citizen.id })
        .from(schema.citizen)
        .where(inArray(schema.citizen.dni, [d1, d2, d4]))
    ).map((c) => c.id);
    const consents = await db
      .select()
      .from(schema.purposeConsent)
      .where(
        and(
          eq(schema.purposeConsent.organizationId, t.org.id),
          inArray(schema.purposeConsent.citizenId, citizenIds),
        ),
      );
    expect(consents).toHaveLength(3);
    expect(
      consents.every(
        (c) => c.purpose === 'vacunacion' && c.source === `list:${list.id}` && c.status === 'granted',
      ),
    ).toBe(true);
    const profiles = await db
      .select({ fields: schema.citizenProfile.fields })
      .from(schema.citizenProfile)
      .where(
        and(
          eq(schema.citizenProfile.organizationId, t.org.id),
          inArray(schema.citizenProfile.citizenId, citizenIds),
        ),
      );
    expect(
      profiles.map((p) => p.fields).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([{ dose_date: '2026-04-03' }, { dose_date: '2026-04-05' }]);
  });

  it('reads a Windows-1252 file (what Excel in Spanish saves) as the characters it meant', async () => {
    const dni = uniqueDni();
    const csv = `dni,nombre,apellido\r\n${dni},José,Núñez\r\n`;
    const latin = Uint8Array.from([...csv].map((c) => c.charCodeAt(0)));
    const list = await createList({ dni: 'dni', nombre: 'first_name', apellido: 'last_name' });
    const body = await (await upload(list.id, latin)).json();
    expect(body).toMatchObject({ status: 'ready', validRows: 1, encoding: 'windows-1252' });
    const [c] = await db.select().from(schema.citizen).where(eq(schema.citizen.dni, dni));
    expect(c).toMatchObject({ firstName: 'José', lastName: 'Núñez' });
  });

  it('refuses an empty file and a file with only its header, with the reason on the list', async () => {
    const empty = await createList({ dni: 'dni' });
    expect(await (await upload(empty.id, new Uint8Array(0))).json()).toMatchObject({
      status: 'failed',
      error: 'EMPTY_FILE',
    });
    const headerOnly = await createList({ dni: 'dni' });
    expect(
      await (await upload(headerOnly.id, new TextEncoder().encode('\uFEFFdni,nombre\r\n'))).json(),
    ).toMatchObject({
      status: 'failed',
      error: 'NO_ROWS',
      processedRows: 0,
    });
    const missing = await createList({ documento: 'dni' });
    expect(await (await upload(missing.id, new TextEncoder().encode('dni\n1234567\n'))).json()).toMatchObject(
      {
        status: 'failed',
        error: 'MAPPING_COLUMN_MISSING',
      },
    );
  });

  it('reports an unclosed quote as a malformed row and keeps the rows before it', async () => {
    const [a, b] = [uniqueDni(), uniqueDni()];
    const list = await createList({ dni: 'dni', nombre: 'first_name' });
    const body = await (
      await upload(list.id, new TextEncoder().encode(`dni,nombre\n${a},Ana\n${b},"Sin cerrar\n`))
    ).json();
    expect(body).toMatchObject({ status: 'ready', validRows: 1, errorRows: 1 });
    expect(await errorsOf(list.id)).toEqual([
      { row: 3, column: '', value: 'CSV_QUOTE_NOT_CLOSED', reason: 'MALFORMED_ROW' },
    ]);
  });

  it('never blanks a known citizen’s names, adds the new phone, and finds a citizen without DNI by phone', async () => {
    const dni = uniqueDni();
    const local = uniqueLocal();
    const [known] = await db
      .insert(schema.citizen)
      .values({ dni, firstName: 'Marta', lastName: 'Sosa', phones: ['+5493510000001'] })
      .returning();
    const list = await createList({
      dni: 'dni',
      nombre: 'first_name',
      apellido: 'last_name',
      telefono: 'phone',
    });
    // The same person by phone only (written as a landline), in the same file.
    const csv = `dni,nombre,apellido,telefono\n${dni},,,0341 15 ${local}\n,Martita,,341 ${local}\n`;
    const body = await (await upload(list.id, new TextEncoder().encode(csv))).json();
    expect(body).toMatchObject({ validRows: 1, mergedRows: 1, errorRows: 0 });
    const [after] = await db
      .select()
      .from(schema.citizen)
      .where(eq(schema.citizen.id, known?.id ?? ''));
    expect(after).toMatchObject({
      firstName: 'Martita',
      lastName: 'Sosa',
      phones: ['+5493510000001', `+549341${local}`],
    });
  });

  it('recognises a re-upload of the same file and imports it again only when asked', async () => {
    const bytes = new TextEncoder().encode(`dni\n${uniqueDni()}\n`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = await createList({ dni: 'dni' }, { sha256 });
    await upload(first.id, bytes);
    const again = await createList({ dni: 'dni' }, { sha256 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TRPCError);
    expect(again).toMatchObject({
      code: 'CONFLICT',
      cause: { code: 'LIST_DUPLICATE', details: { listId: first.id } },
    });
    expect(await callerFor(db, t, 'campaign_manager').contactLists.findByHash({ sha256 })).toMatchObject([
      { id: first.id },
    ]);
    // Another organismo with the same file sees nothing of this one's list.
    expect(await callerFor(db, other, 'campaign_manager').contactLists.findByHash({ sha256 })).toEqual([]);
    const second = await createList({ dni: 'dni' }, { sha256, allowDuplicate: true });
    expect(second.id).not.toBe(first.id);
  });

  it('stops a file over the size cap while streaming and says so', async () => {
    const list = await createList({ dni: 'dni' });
    const bytes = new TextEncoder().encode(
      `dni\n${Array.from({ length: 500 }, () => uniqueDni()).join('\n')}\n`,
    );
    const res = await upload(list.id, bytes, session(t), 1024);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 'failed', error: 'FILE_TOO_LARGE' });
  });

  it('refuses the upload without the role, from another organismo, twice, or without a session', async () => {
    const list = await createList({ dni: 'dni' });
    const bytes = new TextEncoder().encode(`dni\n${uniqueDni()}\n`);
    expect((await upload(list.id, bytes, null)).status).toBe(401);
    expect((await upload(list.id, bytes, session(t, 'agent'))).status).toBe(403);
    expect((await upload(list.id, bytes, session(t, 'supervisor'))).status).toBe(403);
    expect((await upload(list.id, bytes, session(other))).status).toBe(404);
    expect((await upload(list.id, bytes)).status).toBe(200);
    expect((await upload(list.id, bytes)).status).toBe(409);
    // Another organismo's list id is NOT_FOUND through the procedures too.
    await expect(callerFor(db, other, 'all').contactLists.get({ id: list.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const report = await errorReportResponse(
      { db, session: session(other) },
      {
        listId: list.id,
        request: new Request('http://localhost/'),
      },
    );
    expect(report.status).toBe(404);
  });

  it('downloads the error report as CSV in the reader’s language, row by row', async () => {
    const list = await createList({ dni: 'dni', telefono: 'phone' });
    await upload(list.id, new TextEncoder().encode(`dni,telefono\n12,\n${uniqueDni()},"=1+1"\n`));
    const report = (locale: string) =>
      errorReportResponse(
        { db, session: session(t, 'supervisor') },
        {
          listId: list.id,
          request: new Request('http://localhost/', { headers: { cookie: `NEXT_LOCALE=${locale}` } }),
        },
      );
    const es = await report('es-AR');
    expect(es.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await es.arrayBuffer());
    expect(text.split('\r\n')).toEqual([
      '\uFEFFFila,Columna,Valor,Motivo,Código',
      '2,dni,12,El DNI debe tener 7 u 8 dígitos,INVALID_DNI',
      "3,telefono,'=1+1,El teléfono no es un número válido,INVALID_PHONE",
      '',
    ]);
    expect((await (await report('en')).text()).split('\r\n')[1]).toBe(
      '2,dni,12,A DNI has 7 or 8 digits,INVALID_DNI',
    );
  });

  it('deletes a list unless an active campaign uses it', async () => {
    const list = await createList({ dni: 'dni' });
    const [campaign] = await db
      .insert(schema.campaign)
      .values({
        organizationId: t.org.id,
        name: 'Campaña',
        status: 'running',
        audience: { listIds: [list.id], filters: [] },
        schedule: ZCampaignSchedule.parse({}),
        pacing: ZCampaignPacing.parse({}),
      })
      .returning();
    const manager = callerFor(db, t, 'campaign_manager');
    await expect(manager.contactLists.delete({ id: list.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { code: 'LIST_IN_USE' },
    });
    await db
      .update(schema.campaign)
      .set({ status: 'completed' })
      .where(eq(schema.campaign.id, campaign?.id ?? ''));
    await manager.contactLists.delete({ id: list.id });
    await expect(manager.contactLists.get({ id: list.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
