import { and, asc, desc, eq, gte, ilike, lte, type SQL, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { nodeName } from '@/workflows/kinds/node-name';
import type { EngineDeps } from './start-execution';

export const EXECUTION_STATUSES = ['running', 'completed', 'failed', 'cancelled'] as const;

export async function listExecutions(
  db: Database,
  args: {
    organizationId: string;
    flowId?: string | undefined;
    versionId?: string | undefined;
    status?: (typeof EXECUTION_STATUSES)[number] | undefined;
    contact?: string | undefined;
    from?: Date | undefined;
    to?: Date | undefined;
    limit: number;
  },
) {
  const filters: SQL[] = [eq(schema.execution.organizationId, args.organizationId)];
  if (args.flowId) filters.push(eq(schema.execution.flowId, args.flowId));
  if (args.versionId) filters.push(eq(schema.execution.versionId, args.versionId));
  if (args.status) filters.push(eq(schema.execution.status, args.status));
  if (args.contact)
    filters.push(ilike(schema.execution.contactRef, `%${args.contact.replace(/[%_]/g, '\\$&')}%`));
  if (args.from) filters.push(gte(schema.execution.startedAt, args.from));
  if (args.to) filters.push(lte(schema.execution.startedAt, args.to));
  return db
    .select({
      id: schema.execution.id,
      flowId: schema.execution.flowId,
      flowName: schema.flow.name,
      versionId: schema.execution.versionId,
      version: schema.flowVersion.version,
      channel: schema.execution.channel,
      status: schema.execution.status,
      outcome: schema.execution.outcome,
      contactRef: schema.execution.contactRef,
      test: schema.execution.test,
      startedAt: schema.execution.startedAt,
      endedAt: schema.execution.endedAt,
    })
    .from(schema.execution)
    .leftJoin(schema.flow, eq(schema.flow.id, schema.execution.flowId))
    .leftJoin(schema.flowVersion, eq(sql`${schema.flowVersion.id}::text`, schema.execution.versionId))
    .where(and(...filters))
    .orderBy(desc(schema.execution.startedAt))
    .limit(args.limit);
}

export async function getExecution(db: Database, organizationId: string, id: string) {
  const row = await db.query.execution.findFirst({
    where: and(eq(schema.execution.id, id), eq(schema.execution.organizationId, organizationId)),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Execution not found');
  return row;
}

/**
 * The execution's steps in order, each with its node's name in both languages as the graph that ran
 * names it (the published version's, or for a test run of the draft the draft's); null for a step
 * the graph no longer has.
 */
export async function executionTrace(db: Database, organizationId: string, id: string) {
  const execution = await getExecution(db, organizationId, id);
  const [rows, graph] = await Promise.all([
    traceRows(db, organizationId, id),
    graphThatRan(db, organizationId, execution),
  ]);
  const nodes = new Map((graph?.nodes ?? []).map((n) => [n.id, n]));
  return rows.map((row) => {
    const node = nodes.get(row.stepId);
    const stepName = node ? { 'es-AR': nodeName(node, 'es-AR'), en: nodeName(node, 'en') } : null;
    return { ...row, stepName };
  });
}

async function graphThatRan(
  db: Database,
  organizationId: string,
  execution: { versionId: string; flowId: string | null },
): Promise<FlowGraph | null> {
  const [version] = await db
    .select({ graph: schema.flowVersion.graph })
    .from(schema.flowVersion)
    .where(
      and(
        eq(sql`${schema.flowVersion.id}::text`, execution.versionId),
        eq(schema.flowVersion.organizationId, organizationId),
      ),
    )
    .limit(1);
  if (version) return version.graph;
  if (!execution.flowId) return null;
  const [flow] = await db
    .select({ draft: schema.flow.draft })
    .from(schema.flow)
    .where(and(eq(schema.flow.id, execution.flowId), eq(schema.flow.organizationId, organizationId)))
    .limit(1);
  return flow?.draft ?? null;
}

function traceRows(db: Database, organizationId: string, id: string) {
  return db
    .select({
      seq: schema.executionTrace.seq,
      stepId: schema.executionTrace.stepId,
      kind: schema.executionTrace.kind,
      port: schema.executionTrace.port,
      changed: schema.executionTrace.changed,
      error: schema.executionTrace.error,
      detail: schema.executionTrace.detail,
      at: schema.executionTrace.at,
    })
    .from(schema.executionTrace)
    .where(
      and(
        eq(schema.executionTrace.executionId, id),
        eq(schema.executionTrace.organizationId, organizationId),
      ),
    )
    .orderBy(asc(schema.executionTrace.seq));
}

/** Asks the running workflow to stop; it records 'cancelled' itself once its cleanup ran. */
export async function cancelExecution(deps: EngineDeps, organizationId: string, id: string) {
  const row = await getExecution(deps.db, organizationId, id);
  if (row.status !== 'running') throw new AppError('EXECUTION_NOT_RUNNING', `The execution is ${row.status}`);
  const client = await deps.temporal();
  await client.workflow.getHandle(row.workflowId).cancel();
  return { id, status: 'cancelling' as const };
}
