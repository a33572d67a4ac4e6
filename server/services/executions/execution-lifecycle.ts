import { eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { EngineActivities } from '@/lib/contracts/engine-activities';
import type { TraceRecord } from '@/lib/contracts/execution';
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
  await db
    .insert(schema.execution)
    .values(values)
    .onConflictDoUpdate({
      target: schema.execution.id,
      set: update,
      setWhere: eq(schema.execution.organizationId, input.organizationId),
    });
}

export type CloseExecutionInput = {
  executionId: string;
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
    .where(eq(schema.execution.id, input.executionId))
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
  await db
    .insert(schema.execution)
    .values({
      id: input.executionId,
      organizationId: input.organizationId,
      versionId: 'unknown',
      workflowId: input.workflowId ?? input.executionId,
      channel: 'unknown',
    })
    .onConflictDoNothing({ target: schema.execution.id });
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
