import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { CallRecording } from '@/db/schema';
import { AppError } from '@/server/errors';
import { isUuid } from '@/server/services/citizens/ids';
import { getExecution } from '@/server/services/executions/executions';

/** What the app shows of a recording; audio only for Twilio's, through the authenticated route. */
export type RecordingView = {
  id: string;
  executionId: string;
  stepId: string | null;
  source: 'twilio' | 'simulator';
  durationSeconds: number;
  createdAt: Date;
  /** The app's route that streams the audio; null for a simulated recording (it has none). */
  audioPath: string | null;
};

export function recordingView(row: CallRecording): RecordingView {
  const source = row.source === 'twilio' ? 'twilio' : 'simulator';
  return {
    id: row.id,
    executionId: row.executionId,
    stepId: row.stepId,
    source,
    durationSeconds: row.durationSeconds,
    createdAt: row.createdAt,
    audioPath: source === 'twilio' ? `/api/recordings/${row.id}/audio` : null,
  };
}

/** The recordings of one execution of the organismo, in the order they were made (NOT_FOUND for another's). */
export async function listExecutionRecordings(
  db: Database,
  organizationId: string,
  executionId: string,
): Promise<RecordingView[]> {
  await getExecution(db, organizationId, executionId);
  const rows = await db
    .select()
    .from(schema.callRecording)
    .where(
      and(
        eq(schema.callRecording.organizationId, organizationId),
        eq(schema.callRecording.executionId, executionId),
      ),
    )
    .orderBy(asc(schema.callRecording.createdAt));
  return rows.map(recordingView);
}

/** The recordings of several executions of the organismo, by execution id. */
export async function recordingsByExecution(
  db: Database,
  organizationId: string,
  executionIds: string[],
): Promise<Map<string, RecordingView[]>> {
  const byExecution = new Map<string, RecordingView[]>();
  if (executionIds.length === 0) return byExecution;
  const rows = await db
    .select()
    .from(schema.callRecording)
    .where(
      and(
        eq(schema.callRecording.organizationId, organizationId),
        inArray(schema.callRecording.executionId, executionIds),
      ),
    )
    .orderBy(asc(schema.callRecording.createdAt));
  for (const row of rows) {
    const list = byExecution.get(row.executionId) ?? [];
    list.push(recordingView(row));
    byExecution.set(row.executionId, list);
  }
  return byExecution;
}

/** One recording of the organismo, with what fetching its audio needs; NOT_FOUND for another's. */
export async function getRecording(db: Database, organizationId: string, id: string): Promise<CallRecording> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'Recording not found');
  const row = await db.query.callRecording.findFirst({
    where: and(eq(schema.callRecording.id, id), eq(schema.callRecording.organizationId, organizationId)),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Recording not found');
  return row;
}
