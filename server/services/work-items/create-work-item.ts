import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { WorkItemInput } from '@/lib/contracts/engine-activities';
import { AppError } from '@/server/errors';
import { existingCitizenId, isUuid } from '@/server/services/citizens/ids';
import { refuseForeignExecution } from '@/server/services/executions/execution-lifecycle';

/**
 * Puts work for an agent in one of the organismo's queues, once per idempotency key. The workflow
 * id is kept so the agent's disposition can signal the execution that waits on the item.
 */
export async function createWorkItem(
  db: Database,
  input: WorkItemInput & { workflowId: string | null },
): Promise<{ workItemId: string }> {
  const existing = await workItemByKey(db, input);
  if (existing) return existing;
  const queue = isUuid(input.queueId)
    ? await db.query.queue.findFirst({
        where: and(eq(schema.queue.id, input.queueId), eq(schema.queue.organizationId, input.organizationId)),
        columns: { id: true },
      })
    : undefined;
  if (!queue) throw new AppError('NOT_FOUND', `Queue ${input.queueId} is not a queue of this organismo`);
  await refuseForeignExecution(db, input);
  const dueAt = input.dueAt ? new Date(input.dueAt) : null;
  if (dueAt && Number.isNaN(dueAt.getTime())) {
    throw new AppError('INVALID_INPUT', `"${input.dueAt}" is not a date and time`);
  }

  const [row] = await db
    .insert(schema.workItem)
    .values({
      organizationId: input.organizationId,
      queueId: queue.id,
      idempotencyKey: input.idempotencyKey,
      executionId: input.executionId,
      workflowId: input.workflowId,
      citizenId: await existingCitizenId(db, input.citizenId),
      type: input.type,
      priority: Math.round(input.priority),
      skills: input.skills,
      fields: input.fields,
      dispositions: input.dispositions,
      dueAt,
      test: input.test ?? false,
    })
    .onConflictDoNothing({ target: schema.workItem.idempotencyKey })
    .returning({ id: schema.workItem.id });
  if (row) return { workItemId: row.id };
  const raced = await workItemByKey(db, input);
  if (!raced) throw new Error(`work item ${input.idempotencyKey} vanished after a conflicting insert`);
  return raced;
}

async function workItemByKey(
  db: Database,
  input: { organizationId: string; idempotencyKey: string },
): Promise<{ workItemId: string } | null> {
  const row = await db.query.workItem.findFirst({
    where: eq(schema.workItem.idempotencyKey, input.idempotencyKey),
    columns: { id: true, organizationId: true },
  });
  if (!row) return null;
  if (row.organizationId !== input.organizationId) {
    throw new AppError('INVALID_INPUT', 'The idempotency key belongs to another organismo');
  }
  return { workItemId: row.id };
}
