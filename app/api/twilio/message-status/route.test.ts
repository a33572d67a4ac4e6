import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { signedTwilioRequest } from '@/scripts/test-setup/twilio-webhook';
import { messageStatusKey } from '@/server/channels/callback-token';
import { isOptedOut } from '@/server/services/citizens/opt-out';
import { applyMessageStatus, MESSAGE_STATUS_RANK } from '@/server/services/messaging/message-status';

const db = testDb();
const AUTH_TOKEN = 'status-test-token';
const BASE = 'https://cauce.example.gob.ar';
const ENV = {
  DATABASE_URL: '',
  TWILIO_ACCOUNT_SID: `AC${'c'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  PUBLIC_BASE_URL: BASE,
};
let t: Tenant;
let POST: typeof import('./route').POST;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [key, value] of Object.entries({ ...ENV, DATABASE_URL: inject('databaseUrl') })) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  ({ POST } = await import('./route'));
  t = await createTenant(db, 'Status');
});
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await closeTestDb();
});

async function outboxRow(status = 'sent', providerId: string | null = `SM${randomUUID().replace(/-/g, '')}`) {
  const key = `${t.executionId}:${randomUUID()}`;
  const phone = `+5493424${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const [row] = await db
    .insert(schema.outboundMessage)
    .values({
      organizationId: t.org.id,
      executionId: t.executionId,
      idempotencyKey: key,
      channel: 'sms',
      adapter: 'twilio',
      to: phone,
      body: 'Hola',
      status,
      providerId,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

const statusOf = async (id: string) =>
  (await db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.id, id) }))?.status;

function callback(params: Record<string, string>, opts: { key?: string; signature?: string | null } = {}) {
  const query = opts.key ? `?key=${encodeURIComponent(opts.key)}` : '';
  return POST(
    signedTwilioRequest({
      publicUrl: `${BASE}/api/twilio/message-status${query}`,
      params,
      authToken: AUTH_TOKEN,
      ...(opts.signature === undefined ? {} : { signature: opts.signature }),
    }),
  );
}

describe('POST /api/twilio/message-status', () => {
  it('moves the row forward on a signed callback; refuses unsigned and forged ones with 403', async () => {
    const row = await outboxRow();
    const params = {
      MessageSid: row.providerId ?? '',
      MessageStatus: 'delivered',
      AccountSid: ENV.TWILIO_ACCOUNT_SID,
    };
    expect((await callback(params, { signature: null })).status).toBe(403);
    expect((await callback(params, { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(403);
    // Signed for other parameters: a tampered body.
    const tampered = signedTwilioRequest({
      publicUrl: `${BASE}/api/twilio/message-status`,
      params: { ...params, MessageStatus: 'sent' },
      authToken: AUTH_TOKEN,
    });
    const forged = new Request(tampered.url, {
      method: 'POST',
      headers: tampered.headers,
      body: new URLSearchParams(params).toString(),
    });
    expect((await POST(forged)).status).toBe(403);
    expect(await statusOf(row.id)).toBe('sent');

    expect((await callback(params)).status).toBe(204);
    expect(await statusOf(row.id)).toBe('delivered');
    // Late and replayed callbacks never move it back.
    expect((await callback({ ...params, MessageStatus: 'sending' })).status).toBe(204);
    expect((await callback(params)).status).toBe(204);
    expect(await statusOf(row.id)).toBe('delivered');
  });

  it('finds a row whose sid is not recorded yet by the key in the callback URL', async () => {
    const row = await outboxRow('queued', null);
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    const key = messageStatusKey({ id: row.id, organizationId: row.organizationId });
    expect((await callback({ MessageSid: sid, MessageStatus: 'sent' }, { key })).status).toBe(204);
    const after = await db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.id, row.id) });
    expect(after).toMatchObject({ status: 'sent', providerId: sid });
  });

  it('a failure with 21610 records the opt-out; the error code is kept', async () => {
    const row = await outboxRow();
    await callback({ MessageSid: row.providerId ?? '', MessageStatus: 'failed', ErrorCode: '21610' });
    const after = await db.query.outboundMessage.findFirst({ where: eq(schema.outboundMessage.id, row.id) });
    expect(after).toMatchObject({ status: 'failed', error: 'Twilio 21610' });
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'sms', address: row.to, kind: 'phone' }),
    ).toBe(true);
  });

  it('answers 503 when Twilio is not configured', async () => {
    const token = process.env.TWILIO_AUTH_TOKEN;
    delete process.env.TWILIO_AUTH_TOKEN;
    try {
      const sid = `SM${randomUUID().replace(/-/g, '')}`;
      expect((await callback({ MessageSid: sid, MessageStatus: 'sent' })).status).toBe(503);
    } finally {
      process.env.TWILIO_AUTH_TOKEN = token;
    }
  });
});

describe('applyMessageStatus: a monotonic state machine', () => {
  /** A message's real lifecycle: queued → sending → sent → one end (delivered may be followed by read). */
  const lifecycle = fc.constantFrom(
    ['queued', 'sending', 'sent', 'delivered'],
    ['queued', 'sending', 'sent', 'delivered', 'read'],
    ['queued', 'sending', 'sent', 'undelivered'],
    ['queued', 'sending', 'failed'],
    ['queued', 'sending', 'sent'],
  );

  it('ends at the highest-ranked status whatever order (and concurrency) the callbacks arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(
        lifecycle.chain((steps) =>
          fc.tuple(
            fc.constant(steps),
            // Each callback may arrive twice; the order is any permutation.
            fc.shuffledSubarray([...steps, ...steps], { minLength: steps.length * 2 }),
            fc.boolean(),
            fc.boolean(),
          ),
        ),
        async ([steps, arrivals, concurrent, sidKnown]) => {
          const sid = `SM${randomUUID().replace(/-/g, '')}`;
          const row = await outboxRow('queued', sidKnown ? sid : null);
          const apply = (status: string) =>
            applyMessageStatus(db, {
              providerId: sid,
              outbox: { id: row.id, organizationId: row.organizationId },
              status,
              errorCode: null,
            });
          if (concurrent) await Promise.all(arrivals.map(apply));
          else for (const status of arrivals) await apply(status);
          const highest = steps.reduce((a, b) =>
            (MESSAGE_STATUS_RANK[b] ?? 0) > (MESSAGE_STATUS_RANK[a] ?? 0) ? b : a,
          );
          expect(await statusOf(row.id)).toBe(highest);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('leaves rows outside the machine alone (send errors, opt-out skips) and ignores unknown statuses', async () => {
    const errored = await outboxRow('error');
    const skipped = await outboxRow('skipped_opt_out');
    for (const row of [errored, skipped]) {
      expect(
        await applyMessageStatus(db, {
          providerId: row.providerId ?? '',
          outbox: null,
          status: 'delivered',
          errorCode: null,
        }),
      ).toBeNull();
    }
    const sent = await outboxRow();
    expect(
      await applyMessageStatus(db, {
        providerId: sent.providerId ?? '',
        outbox: null,
        status: 'receiving',
        errorCode: null,
      }),
    ).toBeNull();
    expect([await statusOf(errored.id), await statusOf(skipped.id), await statusOf(sent.id)]).toEqual([
      'error',
      'skipped_opt_out',
      'sent',
    ]);
  });
});
