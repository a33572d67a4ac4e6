import { randomBytes, randomInt } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { overrideEnv } from '@/scripts/test-setup/env';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type PrismServer, platformOnPrism, startPrism } from '@/scripts/test-setup/prism';
import { decryptSecret } from '@/server/secrets';
import { channelModesFor } from '@/server/services/telephony/channels-from-env';
import { authTokenContext } from './twilio-for-org';

const db = testDb();
let a: Tenant;
let b: Tenant;

const number = () => `+54342${randomInt(1_000_000, 9_999_999)}`;
const credentials = () => ({
  subaccountSid: `AC${randomBytes(16).toString('hex')}`,
  authToken: randomBytes(16).toString('hex'),
});

/** The tRPC error code (and AppError code) a call failed with. */
async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(err)}`);
  const cause = err.cause;
  return { code: err.code, appCode: cause && 'code' in cause ? cause.code : null };
}

let prism: PrismServer;
let restoreEnv = () => {};

beforeAll(async () => {
  // Saving a subaccount asks Twilio's Accounts API: Prism, under the account that owns its example.
  prism = await startPrism();
  restoreEnv = overrideEnv(platformOnPrism(prism));
  a = await createTenant(db, 'TelA');
  b = await createTenant(db, 'TelB');
});
afterAll(async () => {
  restoreEnv();
  await prism.stop();
  await closeTestDb();
});

describe('subaccount credentials', () => {
  it('are stored encrypted and come back only as a mask', async () => {
    const admin = callerFor(db, a, 'admin');
    const creds = credentials();
    const view = await admin.telephony.saveSubaccount(creds);
    expect(view).toEqual({
      subaccountSid: creds.subaccountSid,
      authToken: { configured: true, last4: creds.authToken.slice(-4) },
      messagingServiceSid: null,
      defaultCallerId: null,
    });
    const overview = await admin.telephony.overview();
    expect(JSON.stringify(overview)).not.toContain(creds.authToken);
    expect(overview.modes).toMatchObject({ sms: 'twilio', whatsapp: 'twilio', voice: 'twilio' });
    // Its own subaccount is Twilio even where the platform has no account.
    expect(await channelModesFor(db, a.org.id, {})).toMatchObject({ sms: 'twilio', voice: 'twilio' });
    expect(await channelModesFor(db, b.org.id, {})).toMatchObject({ sms: 'simulator', voice: 'simulator' });

    const row = await db.query.telephonyAccount.findFirst({
      where: eq(schema.telephonyAccount.organizationId, a.org.id),
    });
    expect(row?.authTokenEncrypted).toBeTruthy();
    expect(row?.authTokenEncrypted).not.toContain(creds.authToken);
    expect(decryptSecret(row?.authTokenEncrypted ?? '', authTokenContext(a.org.id))).toBe(creds.authToken);
    // The same ciphertext does not decrypt as another organismo's.
    expect(() => decryptSecret(row?.authTokenEncrypted ?? '', authTokenContext(b.org.id))).toThrow();
    // Nor can another organismo claim the same subaccount with a token of its own.
    const claim = { subaccountSid: creds.subaccountSid, authToken: randomBytes(16).toString('hex') };
    expect(await failure(callerFor(db, b, 'admin').telephony.saveSubaccount(claim))).toMatchObject({
      code: 'CONFLICT',
      appCode: 'SUBACCOUNT_TAKEN',
    });
  });

  it('are only for admins, and validated', async () => {
    for (const role of ['designer', 'supervisor', 'agent', 'campaign_manager'] as const) {
      expect(await failure(callerFor(db, a, role).telephony.overview())).toMatchObject({ code: 'FORBIDDEN' });
      expect(await failure(callerFor(db, a, role).telephony.saveSubaccount(credentials()))).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    const bad = { subaccountSid: 'SK123', authToken: 'short' };
    expect(await failure(callerFor(db, a, 'admin').telephony.saveSubaccount(bad))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('cannot be removed while numbers live on the subaccount; removed, the organismo is on the platform again', async () => {
    const t = await createTenant(db, 'TelRemove');
    const admin = callerFor(db, t, 'admin');
    const noSub = await failure(
      admin.telephony.addNumber({ number: number(), kind: 'voice_sms', account: 'subaccount' }),
    );
    expect(noSub).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'NO_SUBACCOUNT' });
    await admin.telephony.saveSubaccount(credentials());
    const own = await admin.telephony.addNumber({
      number: number(),
      kind: 'whatsapp',
      account: 'subaccount',
    });
    expect(await failure(admin.telephony.removeSubaccount())).toMatchObject({ appCode: 'NUMBER_IN_USE' });
    await admin.telephony.removeNumber({ id: own.id });
    const view = await admin.telephony.removeSubaccount();
    expect(view).toMatchObject({ subaccountSid: null, authToken: { configured: false, last4: null } });
    expect(await channelModesFor(db, t.org.id, {})).toMatchObject({ sms: 'simulator', voice: 'simulator' });
  });
});

describe('numbers', () => {
  it('belong to one organismo: another cannot register, bind, send as, see or remove them', async () => {
    const line = number();
    const added = await callerFor(db, a, 'admin').telephony.addNumber({
      number: line.replace(/^\+54342/, '+54 342 '),
      kind: 'voice_sms',
      label: 'Turnos',
    });
    expect(added).toMatchObject({ number: line, kind: 'voice_sms', account: 'platform', label: 'Turnos' });
    // The same number again, here or in another organismo, is refused.
    const again = await failure(
      callerFor(db, a, 'admin').telephony.addNumber({ number: line, kind: 'voice_sms' }),
    );
    expect(again).toMatchObject({ code: 'CONFLICT', appCode: 'NUMBER_TAKEN' });
    const other = callerFor(db, b, 'admin');
    for (const kind of ['voice_sms', 'whatsapp'] as const) {
      expect(await failure(other.telephony.addNumber({ number: line, kind }))).toMatchObject({
        appCode: 'NUMBER_TAKEN',
      });
    }
    expect(
      await failure(other.flows.bind({ flowId: b.flow.id, type: 'voice_number', address: line })),
    ).toMatchObject({
      appCode: 'NUMBER_TAKEN',
    });
    expect(
      await failure(other.flows.bind({ flowId: b.flow.id, type: 'keyword', address: `${line}:TURNO` })),
    ).toMatchObject({ appCode: 'NUMBER_TAKEN' });
    expect(
      await failure(other.telephony.saveSenders({ messagingServiceSid: '', defaultCallerId: line })),
    ).toMatchObject({ appCode: 'NUMBER_TAKEN' });
    expect(JSON.stringify(await other.telephony.overview())).not.toContain(line);
    expect(await failure(other.telephony.removeNumber({ id: added.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    const still = await db.query.phoneNumber.findFirst({ where: eq(schema.phoneNumber.id, added.id) });
    expect(still).toMatchObject({ organizationId: a.org.id });
  });

  it('a number bound in another organismo cannot be registered', async () => {
    const line = number();
    await db.insert(schema.flowBinding).values({
      organizationId: b.org.id,
      flowId: b.flow.id,
      type: 'message_number',
      address: line,
    });
    expect(
      await failure(callerFor(db, a, 'admin').telephony.addNumber({ number: line, kind: 'whatsapp' })),
    ).toMatchObject({ appCode: 'NUMBER_TAKEN' });
  });

  it('list their bindings; a bound number or the default caller id is not removed', async () => {
    const admin = callerFor(db, a, 'admin');
    const line = number();
    const voice = await admin.telephony.addNumber({ number: line, kind: 'voice_sms' });
    const whatsapp = await admin.telephony.addNumber({ number: `whatsapp:${line}`, kind: 'whatsapp' });
    // A number lives in one account: its WhatsApp sender cannot be on another one.
    const onSubaccount = await admin.telephony.addNumber({
      number: number(),
      kind: 'voice_sms',
      account: 'subaccount',
    });
    expect(
      await failure(
        admin.telephony.addNumber({ number: onSubaccount.number, kind: 'whatsapp', account: 'platform' }),
      ),
    ).toMatchObject({ appCode: 'INVALID_INPUT' });
    const binding = await admin.flows.bind({ flowId: a.flow.id, type: 'message_number', address: line });
    const listed = (await admin.telephony.overview()).numbers.filter((n) => n.number === line);
    expect(listed.map((n) => [n.kind, n.bindings.map((x) => [x.type, x.flowName])])).toEqual([
      ['voice_sms', [['message_number', a.flow.name]]],
      ['whatsapp', [['message_number', a.flow.name]]],
    ]);
    // The WhatsApp sender can go (the number stays registered); the last registration cannot.
    await admin.telephony.removeNumber({ id: whatsapp.id });
    expect(await failure(admin.telephony.removeNumber({ id: voice.id }))).toMatchObject({
      appCode: 'NUMBER_IN_USE',
    });
    await admin.flows.unbind({ id: binding.id });
    await admin.telephony.saveSenders({ messagingServiceSid: '', defaultCallerId: line });
    expect(await failure(admin.telephony.removeNumber({ id: voice.id }))).toMatchObject({
      appCode: 'NUMBER_IN_USE',
    });
    await admin.telephony.saveSenders({ messagingServiceSid: `MG${'a'.repeat(32)}`, defaultCallerId: '' });
    await admin.telephony.removeNumber({ id: voice.id });
    const view = (await admin.telephony.overview()).account;
    expect(view).toMatchObject({ messagingServiceSid: `MG${'a'.repeat(32)}`, defaultCallerId: null });
  });

  it('refuses numbers that are not E.164', async () => {
    const admin = callerFor(db, a, 'admin');
    expect(await failure(admin.telephony.addNumber({ number: '4000000', kind: 'voice_sms' }))).toMatchObject({
      appCode: 'INVALID_INPUT',
    });
  });
});
