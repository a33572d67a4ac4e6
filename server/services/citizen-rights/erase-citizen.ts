import { type Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { logger } from '@/server/logger';
import { recordAudit } from '@/server/services/audit/record-audit';
import type { RecordingDeleter } from '@/server/services/recordings/delete-at-provider';
import type { RightsActor } from './export-citizen';
import { holdsData, ofPerson, type PersonLinks, personLinks, requireHeldHere } from './person-links';

const GRPC_NOT_FOUND = 5;
/** What an anonymised outbox row says it was sent to (the column is required). */
export const ERASED_ADDRESS = 'anonimizado';

type EraseDeps = { db: Database; temporal: () => Promise<Client>; deleteRecording: RecordingDeleter };

export type EraseResult = {
  executions: number;
  workflowHistories: number;
  recordings: number;
  messages: number;
  tickets: number;
  workItems: number;
  surveys: number;
  consents: number;
  /** The shared base's record: deleted, or kept because other organismos hold data on the person. */
  citizen: 'deleted' | 'kept_shared';
};

/**
 * Art. 16 (deletion), for the admin's organismo. First what lives elsewhere, while our rows still
 * say where: the recordings' audio at Twilio, and the Temporal executions that carried the
 * person's data (their histories hold every input and activity result; deleting them is how
 * Temporal forgets, as no per-person payload key exists). Then, in one transaction, this
 * organismo's rows: executions, traces and outbox rows stay for the counts with every personal
 * value blanked; recordings, consents and reply waits are deleted; tickets, work items and survey
 * answers lose the link and their free text. Last, the shared base's record is deleted when no
 * other organismo holds data on the person (else it stays theirs too; the result says so).
 * Retrying after a failure is safe: each part finds only what is left. Audited by citizen id.
 */
export async function eraseCitizen(
  deps: EraseDeps,
  actor: RightsActor,
  citizenId: string,
): Promise<EraseResult> {
  const { db } = deps;
  const organizationId = actor.organizationId;
  const links = await personLinks(db, organizationId, citizenId);
  await requireHeldHere(db, organizationId, links);
  const recordings = await db
    .select()
    .from(schema.callRecording)
    .where(
      and(eq(schema.callRecording.organizationId, organizationId), ofPerson(links, schema.callRecording)),
    );
  for (const recording of recordings) await deps.deleteRecording(recording);
  const workflowHistories = await deleteHistories(deps.temporal, links);

  const result = await db.transaction(async (tx) => {
    const executionIds = links.executions.map((e) => e.id);
    const inExecutions = (column: Parameters<typeof inArray>[0]) =>
      executionIds.length > 0 ? inArray(column, executionIds) : sql`false`;
    await tx
      .delete(schema.callRecording)
      .where(
        and(eq(schema.callRecording.organizationId, organizationId), ofPerson(links, schema.callRecording)),
      );
    const messageMatch: SQL[] = [inExecutions(schema.outboundMessage.executionId)];
    if (links.contacts.length > 0) messageMatch.push(inArray(schema.outboundMessage.to, links.contacts));
    const messages = await tx
      .update(schema.outboundMessage)
      .set({ to: ERASED_ADDRESS, subject: null, body: '', html: null, error: null, updatedAt: sql`now()` })
      .where(and(eq(schema.outboundMessage.organizationId, organizationId), or(...messageMatch)))
      .returning({ id: schema.outboundMessage.id });
    // What the person wrote to the organismo's numbers (the inbox keeps the sender as Twilio sent it).
    if (links.contacts.length > 0)
      await tx.delete(schema.inboundMessage).where(
        and(
          eq(schema.inboundMessage.organizationId, organizationId),
          inArray(
            schema.inboundMessage.fromAddress,
            links.contacts.flatMap((c) => [c, `whatsapp:${c}`]),
          ),
        ),
      );
    await tx
      .update(schema.executionTrace)
      .set({ changed: {}, error: null })
      .where(
        and(
          eq(schema.executionTrace.organizationId, organizationId),
          inExecutions(schema.executionTrace.executionId),
        ),
      );
    const executions = await tx
      .update(schema.execution)
      .set({
        variables: null,
        contactRef: null,
        citizenId: null,
        error: null,
        // A deleted workflow never closes its row: it ends here.
        status: sql`case when ${schema.execution.status} = 'running' then 'cancelled' else ${schema.execution.status} end`,
        endedAt: sql`coalesce(${schema.execution.endedAt}, now())`,
      })
      .where(and(eq(schema.execution.organizationId, organizationId), inExecutions(schema.execution.id)))
      .returning({ id: schema.execution.id });
    const tickets = await tx
      .update(schema.ticket)
      .set({ citizenId: null, subject: '—', description: '', resolution: null })
      .where(and(eq(schema.ticket.organizationId, organizationId), ofPerson(links, schema.ticket)))
      .returning({ id: schema.ticket.id });
    const workItems = await tx
      .update(schema.workItem)
      .set({ citizenId: null, fields: [], notes: null })
      .where(and(eq(schema.workItem.organizationId, organizationId), ofPerson(links, schema.workItem)))
      .returning({ id: schema.workItem.id });
    const surveys = await tx
      .update(schema.surveyResponse)
      .set({ citizenId: null })
      .where(
        and(eq(schema.surveyResponse.organizationId, organizationId), ofPerson(links, schema.surveyResponse)),
      )
      .returning({ id: schema.surveyResponse.id });
    const consents = await tx
      .delete(schema.citizenConsent)
      .where(
        and(
          eq(schema.citizenConsent.organizationId, organizationId),
          eq(schema.citizenConsent.citizenId, links.citizen.id),
        ),
      )
      .returning({ id: schema.citizenConsent.id });
    const waitMatch: SQL[] = [inExecutions(schema.replyWait.executionId)];
    if (links.contacts.length > 0) waitMatch.push(inArray(schema.replyWait.address, links.contacts));
    await tx
      .delete(schema.replyWait)
      .where(and(eq(schema.replyWait.organizationId, organizationId), or(...waitMatch)));
    const shared = await holdsData(tx, links, { organizationId, others: true });
    if (!shared) await tx.delete(schema.citizen).where(eq(schema.citizen.id, links.citizen.id));
    const counts: EraseResult = {
      executions: executions.length,
      workflowHistories,
      recordings: recordings.length,
      messages: messages.length,
      tickets: tickets.length,
      workItems: workItems.length,
      surveys: surveys.length,
      consents: consents.length,
      citizen: shared ? 'kept_shared' : 'deleted',
    };
    await recordAudit(tx, {
      organizationId,
      actorUserId: actor.userId,
      action: 'citizen.erased',
      targetType: 'citizen',
      targetId: links.citizen.id,
      data: counts,
      requestId: actor.requestId,
    });
    return counts;
  });
  return result;
}

/**
 * Deletes the Temporal executions that carried the person's data: every run of each workflow id
 * (a long execution continues as new, and each run's history holds its input), found through
 * visibility, and the current run by id alone, in case visibility has not caught up yet.
 * Returns how many runs were deleted.
 */
async function deleteHistories(temporal: () => Promise<Client>, links: PersonLinks): Promise<number> {
  const workflowIds = [...new Set(links.executions.map((e) => e.workflowId))];
  if (workflowIds.length === 0) return 0;
  let client: Client;
  try {
    client = await temporal();
  } catch (err) {
    throw new AppError('TEMPORAL_UNAVAILABLE', 'Temporal is not reachable: nothing was deleted', {
      cause: String(err),
    });
  }
  const namespace = client.options.namespace;
  const remove = async (workflowId: string, runId: string): Promise<boolean> => {
    try {
      await client.workflowService.deleteWorkflowExecution({
        namespace,
        workflowExecution: { workflowId, runId },
      });
      return true;
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) return false;
      logger.error({ err, workflowId, runId }, 'citizen erasure: workflow execution not deleted');
      throw new AppError(
        'TEMPORAL_UNAVAILABLE',
        'A workflow execution could not be deleted: nothing in the database was changed yet',
      );
    }
  };
  let deleted = 0;
  for (const workflowId of workflowIds) {
    const runIds = new Set<string>();
    const query = `WorkflowId = "${workflowId.replace(/["\\]/g, '\\$&')}"`;
    for await (const run of client.workflow.list({ query })) runIds.add(run.runId);
    const current = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      });
    if (current) runIds.add(current.runId);
    for (const runId of runIds) if (await remove(workflowId, runId)) deleted += 1;
  }
  return deleted;
}
