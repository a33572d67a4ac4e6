import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { ACCOUNT_THROTTLED_CODE } from '@/lib/sign-in-codes';
import { closeTestDb, createTenant, TEST_PASSWORD, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createAuth } from './auth';

const db = testDb();
const base = 'http://localhost:3000';
const auth = createAuth(db, {
  secret: 'test-secret-test-secret-test-secret-1234',
  baseURL: base,
  rateLimit: true,
  trustedProxies: ['10.0.0.0/8'],
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return auth.handler(
    new Request(`${base}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

describe('auth hardening', () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant(db, 'Hardening');
  });
  afterAll(closeTestDb);

  it('refuses self sign-up: no user row, no token, no "already exists" leak', async () => {
    const email = 'stranger@example.test';
    const res = await post(
      '/sign-up/email',
      { email, password: 'long-enough-1', name: 'X' },
      {
        'x-forwarded-for': '203.0.113.10',
      },
    );
    const text = await res.text();
    expect(res.status).not.toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(text).not.toMatch(/token/i);
    expect(await db.$count(schema.user, eq(schema.user.email, email))).toBe(0);
    const existing = await post(
      '/sign-up/email',
      { email: tenant.members.agent.email, password: 'long-enough-1', name: 'X' },
      { 'x-forwarded-for': '203.0.113.11' },
    );
    expect(existing.status).toBe(res.status);
    expect((await existing.text()).toLowerCase()).not.toContain('exist');
  });

  it("refuses better-auth's org-member endpoints", async () => {
    const signIn = await post(
      '/sign-in/email',
      { email: tenant.members.admin.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': '203.0.113.20' },
    );
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
    const res = await post(
      '/organization/update-member-role',
      { memberId: tenant.members.agent.userId, role: 'admin', organizationId: tenant.org.id },
      { cookie, 'x-forwarded-for': '203.0.113.20' },
    );
    expect(res.status).toBe(404);
    const member = await db.query.member.findFirst({
      where: eq(schema.member.userId, tenant.members.agent.userId),
    });
    expect(member?.role).not.toBe('admin');
  });

  it('a spoofed X-Forwarded-For from an untrusted peer does not reset the sign-in limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) {
      // The client forges the leftmost hop; the trusted proxy (10.x) appended the real peer. A new
      // email each time, so the per-account throttle stays out of what this test measures.
      const res = await post(
        '/sign-in/email',
        { email: `guess-${i}@example.test`, password: 'wrong-password' },
        { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.99` },
      );
      statuses.push(res.status);
    }
    expect(statuses).toContain(429);
    // The limit is the real client's, not a shared bucket: another client behind the proxy still gets in.
    const other = await post(
      '/sign-in/email',
      { email: tenant.members.designer.email, password: 'wrong-password' },
      { 'x-forwarded-for': '198.51.100.200, 203.0.113.98' },
    );
    expect(other.status).toBe(401);
    expect(await db.$count(schema.rateLimit)).toBeGreaterThan(0);
  });

  it('throttles an account after 10 failed sign-ins from any addresses, right password or not', async () => {
    const email = tenant.members.supervisor.email;
    for (let i = 0; i < 10; i++) {
      // Each guess from its own address (and the email in any case): the per-address limit never sees a repeat.
      const guess = i % 2 ? email.toUpperCase() : email;
      const res = await post(
        '/sign-in/email',
        { email: guess, password: `wrong-${i}` },
        { 'x-forwarded-for': `192.0.2.${i}` },
      );
      expect(res.status).toBe(401);
    }
    const locked = await post(
      '/sign-in/email',
      { email, password: TEST_PASSWORD },
      { 'x-forwarded-for': '192.0.2.200' },
    );
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await locked.json()).toMatchObject({ code: ACCOUNT_THROTTLED_CODE });
    expect(locked.headers.get('set-cookie')).toBeNull();
    // Only that account: another one signs in from the same address.
    const other = await post(
      '/sign-in/email',
      { email: tenant.members.campaign_manager.email, password: TEST_PASSWORD },
      { 'x-forwarded-for': '192.0.2.200' },
    );
    expect(other.status).toBe(200);
  });

  it('successful sign-ins do not count, and do not reset the failures counted before them', async () => {
    const email = tenant.members.agent.email;
    const signIn = (password: string, ip: string) =>
      post('/sign-in/email', { email, password }, { 'x-forwarded-for': ip });
    for (let i = 0; i < 15; i++) expect((await signIn(TEST_PASSWORD, '192.0.2.50')).status).toBe(200);
    for (let i = 0; i < 9; i++)
      expect((await signIn('wrong-password', `192.0.2.${60 + i}`)).status).toBe(401);
    expect((await signIn(TEST_PASSWORD, '192.0.2.50')).status).toBe(200);
    // Had that success wiped the window, the attacker would have 9 more guesses now; it has one.
    expect((await signIn('wrong-password', '192.0.2.70')).status).toBe(401);
    expect((await signIn(TEST_PASSWORD, '192.0.2.50')).status).toBe(429);
    expect(await db.$count(schema.requestThrottle)).toBeGreaterThan(0);
  });
});
