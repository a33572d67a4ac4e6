import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { findMembership } from '@/server/auth/auth';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';

/** Makes another of the user's organismos the active one for this session. */
export async function switchOrganization(
  db: Database,
  args: { sessionId: string; userId: string; organizationId: string; requestId: string },
): Promise<void> {
  const membership = await findMembership(db, args.userId, args.organizationId);
  if (!membership) throw new AppError('NOT_A_MEMBER');
  await db.transaction(async (tx) => {
    await tx
      .update(schema.session)
      .set({ activeOrganizationId: args.organizationId, updatedAt: new Date() })
      .where(eq(schema.session.id, args.sessionId));
    await recordAudit(tx, {
      organizationId: args.organizationId,
      actorUserId: args.userId,
      action: 'auth.switch_organization',
      requestId: args.requestId,
    });
  });
}
