import {
  type Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
} from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { ExecutionInput, Scope, VoiceTurnResult } from '@/lib/contracts/execution';
import type { FlowProgram } from '@/lib/contracts/program';
import type { TestMocks } from '@/lib/contracts/test-mocks-schema';
import { settings } from '@/server/env';
import { contactRefOf } from '@/workflows/engine/scope';
import { type RunFlow, voiceTurnUpdate } from '@/workflows/messages';

/** What starting and talking to executions needs: the database, the Temporal client, the workers' queue. */
export type EngineDeps = { db: Database; temporal: () => Promise<Client>; taskQueue: string };

export type StartExecutionArgs = {
  organizationId: string;
  /** The program to run: a published version's, or a draft compiled for a test run. */
  program: FlowProgram;
  /**
   * The execution's id, which is its workflow's too. Deterministic where the trigger can repeat
   * (msg-<MessageSid>, call-<CallSid>, camp-<campaign>-<contact>-<attempt>), so a repeat finds it.
   */
  executionId: string;
  channel: ExecutionInput['channel'];
  /** What the trigger brings: input.* (API), call.*, message.*, contact.* (campaign). */
  variables: Scope;
  /** The organismo's time zone, when the caller has it already (a binding brings it); else read here. */
  timeZone?: string;
  /** A draft run from the editor: simulated channels, and what it pretends (clock, hours, queues, HTTP). */
  test?: { mocks?: TestMocks | undefined };
  /**
   * The id repeats when the trigger does (a webhook Twilio retries, a campaign contact's attempt):
   * the row and the workflow are created once, ever, even after the first run completed, and a
   * repeat comes back as `duplicate`. Without it a start on a used id fails.
   */
  once?: boolean;
  /**
   * Who writes the execution row: this service, before the start (default, so the row is there as
   * soon as the id is returned), or only the workflow's openExecution. A live call takes the second:
   * its row is written beside the first prompt, keeping database I/O off the caller's first turn.
   */
  row?: 'before_start' | 'by_workflow';
};

/**
 * Start through the workflow's first voiceTurn update (update-with-start) and hand that turn back
 * unawaited: a caller is waiting for it. The update id makes a repeat get the same turn.
 */
export type FirstTurn = { updateId: string };

export type StartedExecution = { executionId: string; duplicate: boolean };
export type StartedVoiceExecution = { executionId: string; firstTurn: Promise<VoiceTurnResult> };

/**
 * Starts runFlow for one execution: the one way every trigger does it (API, inbound message, inbound
 * call, the editor's test runs, campaign contacts). It builds the workflow's input, writes the
 * execution row and starts the workflow; the trigger decides the id, the variables and the program.
 */
export async function startExecution(
  deps: EngineDeps,
  args: StartExecutionArgs & { firstTurn: FirstTurn },
): Promise<StartedVoiceExecution>;
export async function startExecution(deps: EngineDeps, args: StartExecutionArgs): Promise<StartedExecution>;
export async function startExecution(
  deps: EngineDeps,
  args: StartExecutionArgs & { firstTurn?: FirstTurn },
): Promise<StartedExecution | StartedVoiceExecution> {
  const { executionId, program, channel } = args;
  const input: ExecutionInput = {
    executionId,
    organizationId: args.organizationId,
    channel,
    timeZone: args.timeZone ?? (await organizationTimeZone(deps.db, args.organizationId)),
    variables: args.variables,
    ...(args.test ? { test: true } : {}),
    ...(args.test?.mocks ? { mocks: args.test.mocks } : {}),
  };
  let inserted = false;
  if (args.row !== 'by_workflow') {
    const insert = deps.db.insert(schema.execution).values({
      id: executionId,
      organizationId: args.organizationId,
      flowId: program.flowId,
      versionId: program.versionId,
      workflowId: executionId,
      channel,
      status: 'running',
      contactRef: contactRefOf(args.variables),
      ...(args.test ? { test: true } : {}),
    });
    const rows = await (args.once
      ? insert.onConflictDoNothing({ target: schema.execution.id })
      : insert
    ).returning({
      id: schema.execution.id,
    });
    inserted = rows.length > 0;
  }
  if (args.firstTurn) {
    const client = await deps.temporal();
    const firstTurn = client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
      args: [{}],
      updateId: args.firstTurn.updateId,
      // Single-use: a new operation for every start.
      startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
        workflowId: executionId,
        taskQueue: deps.taskQueue,
        args: [program, input],
        memo: { organizationId: args.organizationId },
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A replayed first webhook for a finished call must not run the flow again.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    });
    return { executionId, firstTurn };
  }
  try {
    const client = await deps.temporal();
    await client.workflow.start<RunFlow>('runFlow', {
      taskQueue: deps.taskQueue,
      workflowId: executionId,
      args: [program, input],
      // Whose execution it is, for the webhooks that reach it before its row exists (a call's status).
      memo: { organizationId: args.organizationId },
      // A repeated trigger must not run the flow again even after the first run completed.
      ...(args.once ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' } : {}),
    });
  } catch (err) {
    if (args.once && err instanceof WorkflowExecutionAlreadyStartedError)
      return { executionId, duplicate: true };
    // Temporal refused or could not be reached: no row may say "running" for a workflow that never started.
    if (inserted) await deps.db.delete(schema.execution).where(eq(schema.execution.id, executionId));
    throw err;
  }
  return { executionId, duplicate: false };
}

/** The organismo's time zone, or the platform's default when it has none on record. */
export async function organizationTimeZone(db: Database, organizationId: string): Promise<string> {
  const org = await db.query.organization.findFirst({
    where: eq(schema.organization.id, organizationId),
    columns: { timezone: true },
  });
  return org?.timezone ?? settings().CAUCE_DEFAULT_TIME_ZONE;
}
