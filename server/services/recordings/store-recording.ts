import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { lookupCitizen } from '@/server/services/citizens/lookup-citizen';

type NewRecording = {
  executionId: string;
  /** When given, the execution must belong to it (the test phone's run); else the execution decides. */
  organizationId?: string;
  stepId: string | null;
  source: 'twilio' | 'simulator';
  recordingSid: string;
  callSid: string | null;
  accountSid: string | null;
  ownNumber: string | null;
  mediaUrl: string | null;
  durationSeconds: number;
};

/**
 * Stores one recording under its execution's organismo and citizen (the execution's, else the
 * citizen whose phone made or took the call). Idempotent by recording SID: Twilio's retried
 * callback is stored once. Null when the execution does not exist (or is another organismo's).
 */
export async function storeRecording(
  db: Database,
  r: NewRecording,
): Promise<{ id: string; created: boolean } | null> {
  const execution = await db.query.execution.findFirst({
    where: eq(schema.execution.id, r.executionId),
    columns: { organizationId: true, citizenId: true, contactRef: true },
  });
  if (!execution || (r.organizationId !== undefined && execution.organizationId !== r.organizationId))
    return null;
  const citizenId =
    execution.citizenId ??
    (execution.contactRef
      ? ((await lookupCitizen(db, { by: 'phone', value: execution.contactRef }))?.id ?? null)
      : null);
  const [inserted] = await db
    .insert(schema.callRecording)
    .values({
      organizationId: execution.organizationId,
      executionId: r.executionId,
      stepId: r.stepId || null,
      citizenId,
      source: r.source,
      recordingSid: r.recordingSid,
      callSid: r.callSid,
      accountSid: r.accountSid,
      ownNumber: r.ownNumber,
      mediaUrl: r.mediaUrl,
      durationSeconds: Math.max(0, Math.round(r.durationSeconds)),
    })
    .onConflictDoNothing({ target: schema.callRecording.recordingSid })
    .returning({ id: schema.callRecording.id });
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.query.callRecording.findFirst({
    where: eq(schema.callRecording.recordingSid, r.recordingSid),
    columns: { id: true, organizationId: true },
  });
  return existing && existing.organizationId === execution.organizationId
    ? { id: existing.id, created: false }
    : null;
}
