import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { addMember } from '@/db/seed/factories';
import { closeTestDb, createTenant, TEST_PASSWORD, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createAuth } from './auth';

const db = testDb();
const auth = createAuth(db, {
  secret: 'test-secret-test-secret-test-secret-1234',
  baseURL: 'http://localhost:3000',
});

async function signIn(email: string, password: string) {
  const res = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { status: res.status, headers: new Headers({ cookie }) };
}

describe('sign-in with better-auth', () => {
  let tenant: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    tenant = await createTenant(db, 'Auth');
    other = await createTenant(db, 'Other');
  });
  afterAll(closeTestDb);

  it('signs in with email and password, opens the first organismo and audits it', async () => {
    const { status, headers } = await signIn(tenant.members.agent.email, TEST_PASSWORD);
    expect(status).toBe(200);
    const session = await auth.api.getSession({ headers });
    expect(session?.user.email).toBe(tenant.members.agent.email);
    expect(session?.session.activeOrganizationId).toBe(tenant.org.id);
    const audits = await db
      .select()
      .from(schema.auditLog)
      .where(
        and(
          eq(schema.auditLog.actorUserId, tenant.members.agent.userId),
          eq(schema.auditLog.action, 'auth.sign_in'),
        ),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]?.organizationId).toBe(tenant.org.id);
  });

  it('accepts the email in any case', async () => {
    const { status } = await signIn(tenant.members.admin.email.toUpperCase(), TEST_PASSWORD);
    expect(status).toBe(200);
  });

  it('refuses a wrong password without creating a session', async () => {
    const before = await db.$count(schema.session, eq(schema.session.userId, tenant.members.designer.userId));
    const { status } = await signIn(tenant.members.designer.email, 'not-the-password');
    expect(status).toBe(401);
    expect(await db.$count(schema.session, eq(schema.session.userId, tenant.members.designer.userId))).toBe(
      before,
    );
  });

  it('signs out: the session no longer resolves', async () => {
    const { headers } = await signIn(tenant.members.supervisor.email, TEST_PASSWORD);
    expect(await auth.api.getSession({ headers })).not.toBeNull();
    await auth.api.signOut({ headers });
    expect(await auth.api.getSession({ headers })).toBeNull();
  });

  it('opens the organismo a user joined first when they belong to several', async () => {
    await addMember(db, {
      organizationId: other.org.id,
      userId: tenant.members.campaign_manager.userId,
      roles: ['agent'],
    });
    const { headers } = await signIn(tenant.members.campaign_manager.email, TEST_PASSWORD);
    const session = await auth.api.getSession({ headers });
    expect(session?.session.activeOrganizationId).toBe(tenant.org.id);
  });
});
