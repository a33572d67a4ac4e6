import { and, asc, eq, ne } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { parseRoles, type Role, serializeRoles } from '@/lib/roles';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';

export async function listMembers(db: Database, organizationId: string) {
  const rows = await db
    .select({
      memberId: schema.member.id,
      userId: schema.user.id,
      name: schema.user.name,
      email: schema.user.email,
      role: schema.member.role,
      createdAt: schema.member.createdAt,
    })
    .from(schema.member)
    .innerJoin(schema.user, eq(schema.user.id, schema.member.userId))
    .where(eq(schema.member.organizationId, organizationId))
    .orderBy(asc(schema.user.name));
  return rows.map(({ role, ...r }) => ({ ...r, roles: parseRoles(role) }));
}

/** Replaces a member's roles; an organismo always keeps at least one admin. */
export async function setMemberRoles(
  db: Database,
  args: { organizationId: string; actorUserId: string; memberId: string; roles: Role[]; requestId: string },
) {
  return db.transaction(async (tx) => {
    const target = await tx.query.member.findFirst({
      where: and(eq(schema.member.id, args.memberId), eq(schema.member.organizationId, args.organizationId)),
    });
    if (!target) throw new AppError('NOT_FOUND', 'Member not found');
    const before = parseRoles(target.role);
    if (before.includes('admin') && !args.roles.includes('admin')) {
      const otherAdmins = await tx
        .select({ role: schema.member.role })
        .from(schema.member)
        .where(and(eq(schema.member.organizationId, args.organizationId), ne(schema.member.id, target.id)));
      if (!otherAdmins.some((m) => parseRoles(m.role).includes('admin'))) throw new AppError('LAST_ADMIN');
    }
    await tx
      .update(schema.member)
      .set({ role: serializeRoles(args.roles) })
      .where(and(eq(schema.member.id, target.id), eq(schema.member.organizationId, args.organizationId)));
    await recordAudit(tx, {
      organizationId: args.organizationId,
      actorUserId: args.actorUserId,
      action: 'member.roles_changed',
      targetType: 'member',
      targetId: target.id,
      data: { userId: target.userId, before, after: args.roles },
      requestId: args.requestId,
    });
    return { memberId: target.id, roles: args.roles };
  });
}
