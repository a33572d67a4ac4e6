import { and, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { normalizeEmail } from '@/server/services/citizens/contact-address';
import { isUuid } from '@/server/services/citizens/ids';
import { lookupCitizen } from '@/server/services/citizens/lookup-citizen';
import { type RecordingView, recordingsByExecution } from '@/server/services/recordings/recordings';

const HISTORY_LIMIT = 200;

export type CitizenInteraction = {
  executionId: string;
  channel: string;
  flowName: string | null;
  status: string;
  outcome: string | null;
  startedAt: Date;
  endedAt: Date | null;
  recordings: RecordingView[];
};

/**
 * A citizen of the provincial base (shared by organismos) and what they did with this organismo:
 * its executions linked to the citizen, or whose contact was one of the citizen's phones or
 * email, newest first, with their recordings. Test runs of the editor are not interactions.
 * Another organismo's executions never appear; an unknown citizen is NOT_FOUND.
 */
export async function citizenHistory(db: Database, organizationId: string, citizenId: string) {
  if (!isUuid(citizenId)) throw new AppError('NOT_FOUND', 'Citizen not found');
  const citizen = await db.query.citizen.findFirst({ where: eq(schema.citizen.id, citizenId) });
  if (!citizen) throw new AppError('NOT_FOUND', 'Citizen not found');
  const email = citizen.email ? normalizeEmail(citizen.email) : null;
  const contacts = [...citizen.phones, ...(email ? [email] : [])];
  const matches: SQL[] = [eq(schema.execution.citizenId, citizen.id)];
  if (contacts.length > 0) matches.push(inArray(schema.execution.contactRef, contacts));
  const rows = await db
    .select({
      executionId: schema.execution.id,
      channel: schema.execution.channel,
      flowName: schema.flow.name,
      status: schema.execution.status,
      outcome: schema.execution.outcome,
      startedAt: schema.execution.startedAt,
      endedAt: schema.execution.endedAt,
    })
    .from(schema.execution)
    .leftJoin(schema.flow, eq(schema.flow.id, schema.execution.flowId))
    .where(
      and(
        eq(schema.execution.organizationId, organizationId),
        eq(schema.execution.test, false),
        or(...matches),
      ),
    )
    .orderBy(desc(schema.execution.startedAt))
    .limit(HISTORY_LIMIT);
  const recordings = await recordingsByExecution(
    db,
    organizationId,
    rows.map((r) => r.executionId),
  );
  const interactions: CitizenInteraction[] = rows.map((r) => ({
    ...r,
    recordings: recordings.get(r.executionId) ?? [],
  }));
  return {
    citizen: {
      id: citizen.id,
      dni: citizen.dni,
      firstName: citizen.firstName,
      lastName: citizen.lastName,
      phones: citizen.phones,
      email: citizen.email,
      locality: citizen.locality,
      birthDate: citizen.birthDate,
    },
    interactions,
  };
}

/**
 * The citizen an execution of the organismo was with: the one it was started for, else the one
 * whose phone made or took it; null when none is known. NOT_FOUND for another organismo's execution.
 */
export async function citizenOfExecution(
  db: Database,
  organizationId: string,
  executionId: string,
): Promise<{ id: string; name: string } | null> {
  const execution = await db.query.execution.findFirst({
    where: and(eq(schema.execution.id, executionId), eq(schema.execution.organizationId, organizationId)),
    columns: { citizenId: true, contactRef: true },
  });
  if (!execution) throw new AppError('NOT_FOUND', 'Execution not found');
  if (execution.citizenId) {
    const row = await db.query.citizen.findFirst({
      where: eq(schema.citizen.id, execution.citizenId),
      columns: { id: true, firstName: true, lastName: true },
    });
    if (row) return { id: row.id, name: `${row.firstName} ${row.lastName}` };
  }
  const found = execution.contactRef
    ? await lookupCitizen(db, { by: 'phone', value: execution.contactRef })
    : null;
  if (!found) return null;
  return {
    id: found.id,
    name: [found.first_name, found.last_name].filter((v) => typeof v === 'string').join(' '),
  };
}
