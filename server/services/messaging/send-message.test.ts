import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { SendMessageInput } from '@/lib/contracts/engine-activities';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import type { ChannelAdapter } from '@/server/channels/channel-adapter';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { AppError } from '@/server/errors';
import { placeCall } from '@/server/services/calls/place-call';
import { sendMessage } from './send-message';

const db = testDb();
let t: Tenant;

/** The simulator, counting what reaches it (and failing on demand). */
function observed() {
  const sim = createSimulatorAdapter(db);
  const calls: string[] = [];
  let failNext = false;
  const track = <A extends { to: string }, R>(kind: string, send: (a: A) => Promise<R>) => {
    return async (a: A) => {
      calls.push(`${kind}:${a.to}`);
      if (failNext) {
        failNext = false;
        throw new Error('provider unavailable');
      }
      return send(a);
    };
  };
  const adapter: ChannelAdapter = {
    name: 'simulator',
    sendSms: track('sms', sim.sendSms),
    sendWhatsApp: track('whatsapp', sim.sendWhatsApp),
    sendEmail: track('email', sim.sendEmail),
    placeCall: track('call', sim.placeCall),
  };
  const failOnce = () => {
    failNext = true;
  };
  return { adapter, calls, failOnce };
}

function message(overrides: Partial<SendMessageInput> = {}): SendMessageInput {
  return {
    organizationId: t.org.id,
    executionId: t.executionId,
    stepId: 'sms',
    idempotencyKey: `${t.executionId}:${randomUUID()}`,
    channel: 'sms',
    to: '0351 15 555-1234',
    body: 'Tu turno es mañana a las 9:30.',
    ...overrides,
  };
}

async function outboxRow(id: string) {
  return db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.id, id) });
}

async function optedOutCitizen(org: string, channel: string, contact: { phones?: string[]; email?: string }) {
  const [c] = await db
    .insert(schema.citizen)
    .values({
      firstName: 'Ana',
      lastName: 'Pérez',
      phones: contact.phones ?? [],
      email: contact.email ?? null,
    })
    .returning();
  if (!c) throw new Error('citizen insert returned nothing');
  await db
    .insert(schema.citizenConsent)
    .values({ organizationId: org, citizenId: c.id, channel, status: 'opted_out' });
  return c;
}

beforeAll(async () => {
  t = await createTenant(db, 'Outbox');
});
afterAll(closeTestDb);

describe('sendMessage', () => {
  it('sends an SMS to the E.164 number and records it in the outbox as delivered', async () => {
    const { adapter, calls } = observed();
    const input = message();
    const result = await sendMessage({ db, channels: adapter }, input);
    expect(result.status).toBe('sent');
    expect(calls).toEqual(['sms:+5493515551234']);
    expect(await outboxRow(result.messageId)).toMatchObject({
      organizationId: t.org.id,
      executionId: t.executionId,
      stepId: 'sms',
      idempotencyKey: input.idempotencyKey,
      channel: 'sms',
      adapter: 'simulator',
      to: '+5493515551234',
      body: 'Tu turno es mañana a las 9:30.',
      status: 'delivered',
      providerId: expect.stringMatching(/^SIM/),
    });
  });

  it('sends email and WhatsApp through their own adapter methods', async () => {
    const { adapter, calls } = observed();
    const mail = await sendMessage(
      { db, channels: adapter },
      message({ channel: 'email', to: ' Ana.Perez@Example.COM ', subject: 'Turno', html: '<p>Turno</p>' }),
    );
    const wa = await sendMessage(
      { db, channels: adapter },
      message({ channel: 'whatsapp', to: '+54 9 11 2345-6789' }),
    );
    expect(calls).toEqual(['email:ana.perez@example.com', 'whatsapp:+5491123456789']);
    expect(await outboxRow(mail.messageId)).toMatchObject({
      channel: 'email',
      subject: 'Turno',
      html: '<p>Turno</p>',
    });
    expect(await outboxRow(wa.messageId)).toMatchObject({ channel: 'whatsapp', status: 'delivered' });
  });

  it('sends once per idempotency key: a repeat is a duplicate and never reaches the adapter', async () => {
    const { adapter, calls } = observed();
    const input = message();
    const first = await sendMessage({ db, channels: adapter }, input);
    const again = await sendMessage({ db, channels: adapter }, input);
    expect(again).toEqual({ status: 'duplicate', messageId: first.messageId });
    expect(calls).toHaveLength(1);
    expect(
      await db.$count(
        schema.outboundMessage,
        eq(schema.outboundMessage.idempotencyKey, input.idempotencyKey),
      ),
    ).toBe(1);
  });

  it('sends a retried message whose first attempt failed in the adapter', async () => {
    const { adapter, calls, failOnce } = observed();
    const input = message();
    failOnce();
    await expect(sendMessage({ db, channels: adapter }, input)).rejects.toThrow('provider unavailable');
    const [failed] = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.idempotencyKey, input.idempotencyKey));
    expect(failed).toMatchObject({ status: 'error', error: 'provider unavailable' });
    const retried = await sendMessage({ db, channels: adapter }, input);
    expect(retried).toEqual({ status: 'sent', messageId: failed?.id });
    expect(calls).toHaveLength(2);
    expect(await outboxRow(retried.messageId)).toMatchObject({ status: 'delivered', error: null });
  });

  it('skips a citizen who opted out of the channel with this organismo, and only that', async () => {
    const phone = `+54935155${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
    await optedOutCitizen(t.org.id, 'sms', { phones: [phone] });
    const { adapter, calls } = observed();
    const input = message({ to: phone });
    const skipped = await sendMessage({ db, channels: adapter }, input);
    expect(skipped.status).toBe('skipped_opt_out');
    expect(calls).toEqual([]);
    expect(await outboxRow(skipped.messageId)).toMatchObject({ status: 'skipped_opt_out', to: phone });
    // A repeat follows the same branch.
    expect(await sendMessage({ db, channels: adapter }, input)).toEqual(skipped);

    // Other channels and other organismos still reach the citizen.
    expect(
      (await sendMessage({ db, channels: adapter }, message({ to: phone, channel: 'whatsapp' }))).status,
    ).toBe('sent');
    const other = await createTenant(db, 'Other');
    const fromOther = await sendMessage(
      { db, channels: adapter },
      message({ organizationId: other.org.id, executionId: other.executionId, to: phone }),
    );
    expect(fromOther.status).toBe('sent');
    expect(calls).toEqual([`whatsapp:${phone}`, `sms:${phone}`]);
  });

  it('matches an opted-out email case-insensitively', async () => {
    const email = `baja-${randomUUID().slice(0, 8)}@example.com`;
    await optedOutCitizen(t.org.id, 'email', { email: email.toUpperCase() });
    const { adapter, calls } = observed();
    const result = await sendMessage(
      { db, channels: adapter },
      message({ channel: 'email', to: email, subject: 'x' }),
    );
    expect(result.status).toBe('skipped_opt_out');
    expect(calls).toEqual([]);
  });

  it('uses the simulator for test runs whatever adapter is configured', async () => {
    const refusing: ChannelAdapter = {
      name: 'twilio',
      sendSms: () => Promise.reject(new Error('must not be called')),
      sendWhatsApp: () => Promise.reject(new Error('must not be called')),
      sendEmail: () => Promise.reject(new Error('must not be called')),
      placeCall: () => Promise.reject(new Error('must not be called')),
    };
    const result = await sendMessage({ db, channels: refusing }, message({ test: true }));
    expect(result.status).toBe('sent');
    expect(await outboxRow(result.messageId)).toMatchObject({ adapter: 'simulator', status: 'delivered' });
  });

  it('refuses what is not a phone number or an email address', async () => {
    const { adapter, calls } = observed();
    await expect(sendMessage({ db, channels: adapter }, message({ to: '12' }))).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(
      sendMessage({ db, channels: adapter }, message({ channel: 'email', to: 'ana-at-example' })),
    ).rejects.toThrow(/not an email address/);
    await expect(sendMessage({ db, channels: adapter }, message({ body: '  ' }))).rejects.toThrow(/empty/);
    expect(calls).toEqual([]);
  });
});

describe('placeCall', () => {
  const call = (to: string, extra: { machineDetection?: boolean; key?: string } = {}) => ({
    organizationId: t.org.id,
    executionId: t.executionId,
    stepId: 'llamar',
    idempotencyKey: extra.key ?? `${t.executionId}:${randomUUID()}`,
    to,
    machineDetection: extra.machineDetection ?? true,
    timeoutSeconds: 30,
  });

  it('answers by default and ends as the number says in the simulator', async () => {
    const { adapter } = observed();
    const outcome = async (to: string, machineDetection = true) =>
      (await placeCall({ db, channels: adapter }, call(to, { machineDetection }))).outcome;
    expect(await outcome('+5493515559876')).toBe('answered');
    expect(await outcome('+5493515550001')).toBe('no_answer');
    expect(await outcome('+5493515550002')).toBe('busy');
    expect(await outcome('+5493515550003')).toBe('machine');
    expect(await outcome('+5493515550003', false)).toBe('answered');
    expect(await outcome('+5493515550004')).toBe('failed');
  });

  it('does not ring a citizen who opted out of voice with this organismo, and records the skip', async () => {
    const phone = `+54935166${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
    await optedOutCitizen(t.org.id, 'voice', { phones: [phone] });
    const { adapter, calls } = observed();
    const req = call(phone);
    const skipped = await placeCall({ db, channels: adapter }, req);
    expect(skipped.outcome).toBe('failed');
    expect(calls).toEqual([]);
    const [row] = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.idempotencyKey, req.idempotencyKey));
    expect(row).toMatchObject({ channel: 'voice', status: 'skipped_opt_out', to: phone, providerId: null });
    // A repeat takes the same branch without ringing.
    expect(await placeCall({ db, channels: adapter }, req)).toEqual(skipped);
    // An SMS opt-out does not silence calls, nor does another organismo's voice opt-out.
    const other = await createTenant(db, 'OtherVoice');
    const fromOther = await placeCall(
      { db, channels: adapter },
      { ...call(phone), organizationId: other.org.id, executionId: other.executionId },
    );
    expect(fromOther.outcome).toBe('answered');
    expect(calls).toEqual([`call:${phone}`]);
  });

  it('rings once per idempotency key and reports the first outcome on a repeat', async () => {
    const { adapter, calls } = observed();
    const req = call('0351 15 555-0002');
    const first = await placeCall({ db, channels: adapter }, req);
    const again = await placeCall({ db, channels: adapter }, req);
    expect(first.outcome).toBe('busy');
    expect(again).toEqual(first);
    expect(calls).toEqual(['call:+5493515550002']);
    const [row] = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.idempotencyKey, req.idempotencyKey));
    expect(row).toMatchObject({
      channel: 'voice',
      status: 'busy',
      adapter: 'simulator',
      providerId: first.callId,
    });
  });
});
