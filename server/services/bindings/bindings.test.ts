import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { ivrGraph } from '@/workflows/testing/graphs';
import { normalizeAddress, resolveBinding } from './bindings';

const db = testDb();

describe('bindings: numbers and keywords start the latest or a pinned version', () => {
  let t: Tenant;
  let other: Tenant;
  const number = `+54342${Math.floor(4_000_000 + Math.random() * 999_999)}`;
  beforeAll(async () => {
    t = await createTenant(db, 'Bind');
    other = await createTenant(db, 'Bind2');
  });
  afterAll(closeTestDb);

  it('normalizes numbers and keywords, and refuses malformed ones', () => {
    expect(normalizeAddress('voice_number', '+54 (342) 400-0000')).toBe('+543424000000');
    expect(normalizeAddress('keyword', '*: vacuna')).toBe('*:VACUNA');
    expect(() => normalizeAddress('voice_number', '342 400 0000')).toThrow(/E\.164/);
    expect(() => normalizeAddress('keyword', '*:dos palabras')).toThrow(/one word/);
  });

  it('resolves to the latest version, follows a pin, and is unique across organismos', async () => {
    const designer = callerFor(db, t, 'designer');
    const admin = callerFor(db, t, 'admin');
    const flow = await designer.flows.create({ name: 'IVR', kind: 'inbound_voice', graph: ivrGraph() });
    const binding = await admin.flows.bind({ flowId: flow.id, type: 'voice_number', address: number });
    expect(await resolveBinding(db, 'voice_number', number)).toBeNull(); // nothing published yet
    await designer.flows.publish({ flowId: flow.id, note: 'v1' });
    await designer.flows.publish({ flowId: flow.id, note: 'v2' });
    const latest = await resolveBinding(db, 'voice_number', number);
    expect(latest).toMatchObject({ organizationId: t.org.id, version: 2, timeZone: t.org.timezone });
    // The second read comes from the program cache: the same program of the same version.
    expect((await resolveBinding(db, 'voice_number', number))?.program).toEqual(latest?.program);
    expect(await resolveBinding(db, 'message_number', number)).toBeNull();

    await admin.flows.unbind({ id: binding.id });
    await admin.flows.bind({ flowId: flow.id, type: 'voice_number', address: number, pinnedVersion: 1 });
    const pinned = await resolveBinding(db, 'voice_number', number);
    expect(pinned).toMatchObject({ version: 1 });
    expect(pinned?.program.versionId).not.toBe(latest?.program.versionId);

    const theirs = await callerFor(db, other, 'designer').flows.create({
      name: 'Otro',
      kind: 'inbound_voice',
    });
    await expect(
      callerFor(db, other, 'admin').flows.bind({ flowId: theirs.id, type: 'voice_number', address: number }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      designer.flows.bind({ flowId: flow.id, type: 'keyword', address: '*:TURNO' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
