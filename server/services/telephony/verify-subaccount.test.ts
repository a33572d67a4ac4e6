import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { freePort } from '@/scripts/lib/temporal-dev-server';
import { overrideEnv } from '@/scripts/test-setup/env';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { PRISM_OWNER_ACCOUNT_SID, type PrismServer, startPrism } from '@/scripts/test-setup/prism';

/**
 * Issue 14.1: saving a subaccount asks Twilio's Accounts API (the real SDK against Prism, which
 * serves Twilio's own OpenAPI description) whether it exists with that token and whether the
 * platform's account owns it. Prism answers every fetch with the spec's example account, owned by
 * PRISM_OWNER_ACCOUNT_SID, so "owned by another account" is that answer under another platform SID;
 * "unknown to Twilio" comes from a stub answering Twilio's 404 body, which Prism cannot give.
 */
const db = testDb();
let prism: PrismServer;
let notFound: Server;
let notFoundUrl = '';
let t: Tenant;
const credentials = () => ({
  subaccountSid: `AC${randomBytes(16).toString('hex')}`,
  authToken: randomBytes(16).toString('hex'),
});

async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(err)}`);
  const cause = err.cause;
  return { code: err.code, appCode: cause && 'code' in cause ? cause.code : null };
}

const stored = async () =>
  (await db.query.telephonyAccount.findFirst({ where: eq(schema.telephonyAccount.organizationId, t.org.id) }))
    ?.subaccountSid ?? null;

/** Saves under a platform account and REST base of the test's choosing. */
async function save(env: Record<string, string>, creds = credentials()) {
  const restore = overrideEnv(env);
  try {
    return await callerFor(db, t, 'admin').telephony.saveSubaccount(creds);
  } finally {
    restore();
  }
}

beforeAll(async () => {
  prism = await startPrism();
  notFound = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 20404, message: 'The requested resource was not found', status: 404 }));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => notFound.listen(port, '127.0.0.1', resolve));
  notFoundUrl = `http://127.0.0.1:${port}`;
  t = await createTenant(db, 'Verifica');
});
afterAll(async () => {
  await prism.stop();
  await new Promise((resolve) => notFound.close(resolve));
  await closeTestDb();
});

describe('saving a subaccount asks Twilio first', () => {
  it('refuses an account the platform does not own, its own account, and an unknown one; saves nothing', async () => {
    const other = `AC${'b'.repeat(32)}`;
    expect(await failure(save({ TWILIO_ACCOUNT_SID: other, TWILIO_API_BASE_URL: prism.url }))).toEqual({
      code: 'FORBIDDEN',
      appCode: 'SUBACCOUNT_FOREIGN',
    });
    expect(
      await failure(
        save(
          { TWILIO_ACCOUNT_SID: PRISM_OWNER_ACCOUNT_SID, TWILIO_API_BASE_URL: prism.url },
          { subaccountSid: PRISM_OWNER_ACCOUNT_SID, authToken: randomBytes(16).toString('hex') },
        ),
      ),
    ).toEqual({ code: 'FORBIDDEN', appCode: 'SUBACCOUNT_FOREIGN' });
    expect(
      await failure(save({ TWILIO_ACCOUNT_SID: PRISM_OWNER_ACCOUNT_SID, TWILIO_API_BASE_URL: notFoundUrl })),
    ).toEqual({ code: 'BAD_REQUEST', appCode: 'SUBACCOUNT_NOT_FOUND' });
    expect(await stored()).toBeNull();
  });

  it('refuses when it cannot ask: no platform account, Twilio unreachable', async () => {
    const restore = overrideEnv({ TWILIO_ACCOUNT_SID: '' });
    try {
      expect(await failure(callerFor(db, t, 'admin').telephony.saveSubaccount(credentials()))).toEqual({
        code: 'PRECONDITION_FAILED',
        appCode: 'SUBACCOUNT_UNVERIFIED',
      });
    } finally {
      restore();
    }
    // A port nobody listens on.
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(
      await failure(save({ TWILIO_ACCOUNT_SID: PRISM_OWNER_ACCOUNT_SID, TWILIO_API_BASE_URL: closed })),
    ).toEqual({ code: 'PRECONDITION_FAILED', appCode: 'SUBACCOUNT_UNVERIFIED' });
    expect(await stored()).toBeNull();
  });

  it('saves a subaccount Twilio says the platform owns, after asking with its own credentials', async () => {
    const creds = credentials();
    const view = await save(
      { TWILIO_ACCOUNT_SID: PRISM_OWNER_ACCOUNT_SID, TWILIO_API_BASE_URL: prism.url },
      creds,
    );
    expect(view.subaccountSid).toBe(creds.subaccountSid);
    expect(await stored()).toBe(creds.subaccountSid);
  });
});
