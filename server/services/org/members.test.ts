import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { addMember } from '@/db/seed/factories';
import {
  callerAs,
  callerFor,
  closeTestDb,
  createTenant,
  type Tenant,
  testDb,
} from '@/scripts/test-setup/fixtures';

const db = testDb();

describe('members and roles', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await createTenant(db, 'Members');
  });
  afterAll(closeTestDb);

  it('lists the members of the active organismo with their roles', async () => {
    const rows = await callerFor(db, t, 'admin').members.list();
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.email === t.members.all.email)?.roles).toEqual([
      'admin',
      'designer',
      'campaign_manager',
      'agent',
      'supervisor',
    ]);
  });

  it('lets an admin give a member several roles, and audits the change', async () => {
    const admin = callerFor(db, t, 'admin');
    await admin.members.setRoles({ memberId: t.members.agent.memberId, roles: ['agent', 'supervisor'] });
    const me = await callerFor(db, t, 'agent').me.get();
    expect(me.active?.roles).toEqual(['agent', 'supervisor']);
    expect(me.nav.map((n) => n.key)).toContain('health');
    const audit = await admin.audit.list({ limit: 10 });
    const entry = audit.items.find(
      (i) => i.action === 'member.roles_changed' && i.targetId === t.members.agent.memberId,
    );
    expect(entry?.data).toMatchObject({ before: ['agent'], after: ['agent', 'supervisor'] });
    expect(entry?.actorEmail).toBe(t.members.admin.email);
  });

  it('refuses role changes by anyone but an admin', async () => {
    await expect(
      callerFor(db, t, 'supervisor').members.setRoles({
        memberId: t.members.designer.memberId,
        roles: ['admin'],
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps at least one admin', async () => {
    const solo = await createTenant(db, 'Solo');
    // 'all' also holds admin: drop it first, then the last admin cannot drop their own.
    const admin = callerFor(db, solo, 'admin');
    await admin.members.setRoles({ memberId: solo.members.all.memberId, roles: ['agent'] });
    const err = await admin.members
      .setRoles({ memberId: solo.members.admin.memberId, roles: ['designer'] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err).toMatchObject({ code: 'CONFLICT' });
    const row = await db.query.member.findFirst({ where: eq(schema.member.id, solo.members.admin.memberId) });
    expect(row?.role).toBe('admin');
  });

  it('switches the active organismo only to one the user belongs to', async () => {
    const other = await createTenant(db, 'Second');
    await addMember(db, {
      organizationId: other.org.id,
      userId: t.members.designer.userId,
      roles: ['admin'],
    });
    const sessionId = `s-${t.tag}`;
    await db.insert(schema.session).values({
      id: sessionId,
      token: `tok-${t.tag}`,
      userId: t.members.designer.userId,
      expiresAt: new Date(Date.now() + 3_600_000),
      activeOrganizationId: t.org.id,
    });
    const caller = callerAs(db, {
      id: sessionId,
      userId: t.members.designer.userId,
      activeOrganizationId: t.org.id,
    });
    await caller.me.switchOrganization({ organizationId: other.org.id });
    const session = await db.query.session.findFirst({ where: eq(schema.session.id, sessionId) });
    expect(session?.activeOrganizationId).toBe(other.org.id);
    const audited = await db.$count(
      schema.auditLog,
      and(
        eq(schema.auditLog.organizationId, other.org.id),
        eq(schema.auditLog.action, 'auth.switch_organization'),
      ),
    );
    expect(audited).toBe(1);

    const stranger = await createTenant(db, 'Stranger');
    await expect(caller.me.switchOrganization({ organizationId: stranger.org.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const unchanged = await db.query.session.findFirst({ where: eq(schema.session.id, sessionId) });
    expect(unchanged?.activeOrganizationId).toBe(other.org.id);
  });
});
