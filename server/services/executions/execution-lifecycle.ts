import { and, eq, ne, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { EngineActivities } from '@/lib/contracts/engine-activities';
import type { TraceRecord } from '@/lib/contracts/execution';
import { AppError } from '@/server/errors';
import { isUuid } from '@/server/services/citizens/ids';

/** The activity's arguments, plus the Temporal workflow running it (the execution id when not given). */
export type OpenExecutionInput = Parameters<EngineActivities['openExecution']>[0] & { workflowId?: string };

/** Marks an execution running; a row recordTrace created first gets its details filled in. */
export async function openExecution(db: Database, input: OpenExecutionInput): Promise<void> {
  const values = {
    id: input.executionId,
    organizationId: input.organizationId,
    // Draft runs and tests may carry a flow id that names no row of this organismo: keep it out of the FK.
    flowId: sql`(select f.id from flow f where f.id::text = ${input.flowId} and f.organization_id = ${input.organizationId})`,
    versionId: input.versionId,
    workflowId: input.workflowId ?? input.executionId,
    channel: input.channel,
    status: 'running',
    contactRef: input.contactRef,
    citizenId: input.citizenId && isUuid(input.citizenId) ? input.citizenId : null,
    test: input.test,
  };
  // The upsert never moves an execution to another organismo: a row of another one stays as it is.
  const { id: _id, organizationId: _org, ...update } = values;
  const rows = await db
    .insert(schema.execution)
    .values(values)
    .onConflictDoUpdate({
      target: schema.execution.id,
      set: update,
      setWhere: eq(schema.execution.organizationId, input.organizationId),
    })
    .returning({ id: schema.execution.id });
  if (rows.length === 0) throw anotherOrganismos(input.executionId);
}

/**
 * Makes sure the execution is this organismo's before an activity writes rows naming it: creates the
 * minimal row when it does not exist yet (openExecution runs in the background, so a trace or a reply
 * registration can come first), and refuses when it belongs to another organismo. One round trip.
 */
export async function claimExecution(
  db: Database,
  input: { executionId: string; organizationId: string; workflowId?: string | undefined },
): Promise<void> {
  const rows = await db
    .insert(schema.execution)
    .values({
      id: input.executionId,
      organizationId: input.organizationId,
      versionId: 'unknown',
      workflowId: input.workflowId ?? input.executionId,
      channel: 'unknown',
    })
    .onConflictDoUpdate({
      target: schema.execution.id,
      // A no-op update, only so that the row comes back when it is this organismo's.
      set: { organizationId: sql`${schema.execution.organizationId}` },
      setWhere: eq(schema.execution.organizationId, input.organizationId),
    })
    .returning({ id: schema.execution.id });
  if (rows.length === 0) throw anotherOrganismos(input.executionId);
}

/**
 * Refuses when the execution an activity names is another organismo's, before a row naming it is
 * written (an outbox row, a ticket, a reply registration). An id with no row yet passes: openExecution
 * runs in the background, and the row it then inserts is this organismo's.
 */
export async function refuseForeignExecution(
  db: Database,
  input: { executionId: string; organizationId: string },
): Promise<void> {
  const [foreign] = await db
    .select({ id: schema.execution.id })
    .from(schema.execution)
    .where(
      and(
        eq(schema.execution.id, input.executionId),
        ne(schema.execution.organizationId, input.organizationId),
      ),
    )
    .limit(1);
  if (foreign) throw anotherOrganismos(input.executionId);
}

function anotherOrganismos(executionId: string): AppError {
  return new AppError('NOT_FOUND', `Execution ${executionId} is not an execution of this organismo`);
}

export type CloseExecutionInput = {
  executionId: string;
  organizationId: string;
  status: 'completed' | 'failed' | 'cancelled';
  outcome: string | null;
  error: string | null;
  variables: Record<string, unknown>;
};

/** Records how an execution ended; false when there is no such execution. */
export async function closeExecution(db: Database, input: CloseExecutionInput): Promise<boolean> {
  const rows = await db
    .update(schema.execution)
    .set({
      status: input.status,
      outcome: input.outcome,
      error: input.error,
      variables: input.variables,
      endedAt: sql`now()`,
    })
    .where(
      and(
        eq(schema.execution.id, input.executionId),
        eq(schema.execution.organizationId, input.organizationId),
      ),
    )
    .returning({ id: schema.execution.id });
  return rows.length > 0;
}

/**
 * Appends a batch of trace records. A retried batch is harmless ((execution, seq) is unique), and
 * trace written before openExecution (it runs in the background) gets a minimal execution row.
 */
export async function recordTrace(
  db: Database,
  input: { executionId: string; organizationId: string; workflowId?: string; records: TraceRecord[] },
): Promise<void> {
  if (input.records.length === 0) return;
  await claimExecution(db, input);
  await db
    .insert(schema.executionTrace)
    .values(
      input.records.map((r) => ({
        executionId: input.executionId,
        seq: r.seq,
        organizationId: input.organizationId,
        stepId: r.stepId,
        kind: r.kind,
        port: r.port,
        changed: r.changed,
        error: r.error ?? null,
        detail: r.detail ?? null,
        at: new Date(r.at),
      })),
    )
    .onConflictDoNothing({ target: [schema.executionTrace.executionId, schema.executionTrace.seq] });
}
