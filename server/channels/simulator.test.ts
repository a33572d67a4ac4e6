import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, testDb } from '@/scripts/test-setup/fixtures';
import { channelsFromEnv } from '@/server/services/telephony/channels-from-env';
import { createSimulatorAdapter, simulatedCallOutcome } from './simulator';

const db = testDb();
afterAll(closeTestDb);

describe('simulator adapter', () => {
  it('records a message sent directly through it in the outbox, as delivered', async () => {
    const t = await createTenant(db, 'Sim');
    const key = `direct-${randomUUID()}`;
    const receipt = await createSimulatorAdapter(db).sendEmail({
      organizationId: t.org.id,
      idempotencyKey: key,
      to: 'vecina@example.com',
      subject: 'Reclamo 123',
      body: 'Recibimos tu reclamo.',
    });
    expect(receipt).toEqual({ providerId: expect.stringMatching(/^SIM[0-9a-f]{32}$/), status: 'delivered' });
    const row = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.idempotencyKey, key),
    });
    expect(row).toMatchObject({
      organizationId: t.org.id,
      executionId: null,
      channel: 'email',
      adapter: 'simulator',
      to: 'vecina@example.com',
      subject: 'Reclamo 123',
      status: 'delivered',
      providerId: receipt.providerId,
    });
  });

  it('is what the environment gives until Twilio and SMTP exist', () => {
    expect(channelsFromEnv(db).name).toBe('simulator');
  });

  it('ends simulated calls by the last four digits of the number', () => {
    expect(simulatedCallOutcome('+5493515551234', true)).toBe('answered');
    expect(simulatedCallOutcome('+54 9 351 555-0001', true)).toBe('no_answer');
    expect(simulatedCallOutcome('+5493515550002', false)).toBe('busy');
    expect(simulatedCallOutcome('+5493515550003', true)).toBe('machine');
    expect(simulatedCallOutcome('+5493515550003', false)).toBe('answered');
    expect(simulatedCallOutcome('+5493515550004', true)).toBe('failed');
    expect(simulatedCallOutcome('+5493515510001', true)).toBe('no_answer');
  });
});
