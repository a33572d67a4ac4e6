import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
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
      // The client forges the leftmost hop; the trusted proxy (10.x) appended the real peer.
      const res = await post(
        '/sign-in/email',
        { email: tenant.members.designer.email, password: 'wrong-password' },
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
});
