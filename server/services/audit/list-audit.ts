import { and, desc, eq, lt } from 'drizzle-orm';
import { type Database, schema } from '@/db';

/** An organismo's audit log, newest first, paged by creation time. */
export async function listAudit(
  db: Database,
  args: { organizationId: string; limit: number; before?: Date | undefined },
) {
  const rows = await db
    .select({
      id: schema.auditLog.id,
      action: schema.auditLog.action,
      targetType: schema.auditLog.targetType,
      targetId: schema.auditLog.targetId,
      data: schema.auditLog.data,
      createdAt: schema.auditLog.createdAt,
      actorName: schema.user.name,
      actorEmail: schema.user.email,
    })
    .from(schema.auditLog)
    .leftJoin(schema.user, eq(schema.user.id, schema.auditLog.actorUserId))
    .where(
      and(
        eq(schema.auditLog.organizationId, args.organizationId),
        args.before ? lt(schema.auditLog.createdAt, args.before) : undefined,
      ),
    )
    .orderBy(desc(schema.auditLog.createdAt))
    .limit(args.limit + 1);
  const hasMore = rows.length > args.limit;
  const items = rows.slice(0, args.limit);
  return { items, nextBefore: hasMore ? (items.at(-1)?.createdAt ?? null) : null };
}
