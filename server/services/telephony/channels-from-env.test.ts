import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type SmtpSink, startSmtpSink } from '@/scripts/test-setup/smtp-sink';
import { sendMessage } from '@/server/services/messaging/send-message';
import { channelModes, channelsFromEnv } from './channels-from-env';

const db = testDb();
const TWILIO = { TWILIO_ACCOUNT_SID: `AC${'e'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token' };
let sink: SmtpSink;
let t: Tenant;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTenant(db, 'Modes');
});
afterAll(async () => {
  await sink.stop();
  await closeTestDb();
});

describe('channelModes', () => {
  it('uses Twilio for phones only with both credentials, SMTP for email with SMTP_URL, else the simulator', () => {
    expect(channelModes({})).toEqual({
      sms: 'simulator',
      whatsapp: 'simulator',
      voice: 'simulator',
      email: 'simulator',
    });
    expect(channelModes({ TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID })).toMatchObject({
      sms: 'simulator',
    });
    expect(channelModes({ ...TWILIO })).toEqual({
      sms: 'twilio',
      whatsapp: 'twilio',
      voice: 'twilio',
      email: 'simulator',
    });
    expect(channelModes({ ...TWILIO, SMTP_URL: 'smtp://mail:25' })).toMatchObject({
      sms: 'twilio',
      email: 'smtp',
    });
    expect(channelsFromEnv(db, {}).name).toBe('simulator');
    expect(channelsFromEnv(db, { ...TWILIO, SMTP_URL: 'smtp://mail:25' }).name).toBe('twilio+smtp');
  });

  it('routes each channel to its adapter and records which one carried it', async () => {
    const channels = channelsFromEnv(db, { SMTP_URL: sink.url });
    const base = { organizationId: t.org.id, executionId: t.executionId, stepId: 'x' };
    const start = sink.messages.length;
    const mail = await sendMessage(
      { db, channels },
      {
        ...base,
        idempotencyKey: randomUUID(),
        channel: 'email',
        to: 'ana@example.com',
        subject: 'Hola',
        body: 'Hola',
      },
    );
    const sms = await sendMessage(
      { db, channels },
      { ...base, idempotencyKey: randomUUID(), channel: 'sms', to: '+5493424000111', body: 'Hola' },
    );
    await sink.waitFor(start + 1);
    const row = (id: string) =>
      db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.id, id) });
    expect(await row(mail.messageId)).toMatchObject({ adapter: 'smtp', status: 'sent' });
    expect(await row(sms.messageId)).toMatchObject({ adapter: 'simulator', status: 'delivered' });
  });

  it('is readable by every role through outbox.channelModes', async () => {
    for (const role of ['agent', 'designer', 'supervisor'] as const) {
      expect(await callerFor(db, t, role).outbox.channelModes()).toEqual(channelModes());
    }
  });
});
