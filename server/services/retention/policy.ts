import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { recordAudit } from '@/server/services/audit/record-audit';

/** The kinds of personal data an organismo sets a retention for. */
export const RETENTION_KINDS = ['recordings', 'transcripts', 'messageBodies'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each kind is kept; null keeps it until someone deletes it (a data-subject request). */
export type RetentionPolicy = Record<RetentionKind, number | null>;

/**
 * What an organismo keeps until its admin says otherwise (the columns' defaults): a year of
 * recordings and conversation transcripts (disputes and quality reviews reach back that far),
 * six months of message texts (a sent SMS rarely matters after a campaign ends).
 */
export const DEFAULT_RETENTION: RetentionPolicy = { recordings: 365, transcripts: 365, messageBodies: 180 };

/** Longest retention one may set: ten years. */
export const MAX_RETENTION_DAYS = 3650;

export type RetentionActor = { organizationId: string; userId: string; requestId: string };

export async function getRetentionPolicy(db: Database, organizationId: string): Promise<RetentionPolicy> {
  const row = await db.query.retentionPolicy.findFirst({
    where: eq(schema.retentionPolicy.organizationId, organizationId),
  });
  if (!row) return { ...DEFAULT_RETENTION };
  return {
    recordings: row.recordingsDays,
    transcripts: row.transcriptsDays,
    messageBodies: row.messageBodiesDays,
  };
}

/** The admin's new policy, stored for the organismo and audited with the old and the new values. */
export async function saveRetentionPolicy(
  db: Database,
  actor: RetentionActor,
  policy: RetentionPolicy,
): Promise<RetentionPolicy> {
  const before = await getRetentionPolicy(db, actor.organizationId);
  const values = {
    recordingsDays: policy.recordings,
    transcriptsDays: policy.transcripts,
    messageBodiesDays: policy.messageBodies,
    updatedAt: new Date(),
    updatedBy: actor.userId,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(schema.retentionPolicy)
      .values({ organizationId: actor.organizationId, ...values })
      .onConflictDoUpdate({ target: schema.retentionPolicy.organizationId, set: values });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'retention.policy_saved',
      targetType: 'organization',
      targetId: actor.organizationId,
      data: { before, after: policy },
      requestId: actor.requestId,
    });
  });
  return getRetentionPolicy(db, actor.organizationId);
}
