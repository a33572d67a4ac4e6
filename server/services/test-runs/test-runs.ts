import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/common';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { ApiInput } from '@/lib/api-input';
import type { ExecutionInput, VoiceInput, VoiceTurnResult } from '@/lib/contracts/execution';
import { mocksAreEmpty, type ScenarioMocks, toTestMocks } from '@/lib/test-scenarios/types';
import { AppError } from '@/server/errors';
import { apiInputOrThrow } from '@/server/services/executions/start-api-execution';
import {
  type EngineDeps,
  organizationTimeZone,
  startExecution,
} from '@/server/services/executions/start-execution';
import { compileDraft } from '@/server/services/flows/compile-draft';
import { getFlow } from '@/server/services/flows/flows';
import { simulatedRecordingTurn } from '@/server/services/recordings/simulated-recording';
import type { Scope } from '@/workflows/dsl/template';
import {
  callStatusSignal,
  type ExecutionState,
  inboundMessageSignal,
  stateQuery,
  voiceTurnUpdate,
} from '@/workflows/messages';

/** The caller id of the test phone when the designer gives none. */
export const TEST_PHONE_NUMBER = '+5493420000000';

export type TestRunChannel = ExecutionInput['channel'];

export type StartTestRunArgs = {
  organizationId: string;
  flowId: string;
  from?: string | undefined;
  /** The first message of an SMS-started flow. */
  text?: string | undefined;
  /** The fields of an API-started flow. */
  input?: ApiInput | undefined;
  /** What the run pretends: clock, business hours, queue states, HTTP answers. */
  mocks?: ScenarioMocks | undefined;
};

export type StartedTestRun = {
  executionId: string;
  channel: TestRunChannel;
  /** The first prompt of a voice run; null for the other channels. */
  turn: VoiceTurnResult | null;
};

/**
 * Runs the flow's current draft (compiled now, never published) on the real engine. `test` makes
 * every send go to the simulator, so nothing reaches a citizen.
 */
export async function startTestRun(deps: EngineDeps, args: StartTestRunArgs): Promise<StartedTestRun> {
  const flow = await getFlow(deps.db, args.organizationId, args.flowId);
  const compiled = await compileDraft(deps.db, {
    organizationId: args.organizationId,
    flowId: flow.id,
    graph: flow.draft,
    versionId: `draft-${randomUUID()}`,
  });
  if (!compiled.ok) {
    throw new AppError('FLOW_HAS_ERRORS', 'The draft has errors', { problems: compiled.problems });
  }
  const program = compiled.program;
  const executionId = `test-${randomUUID()}`;
  const from = args.from?.trim() || TEST_PHONE_NUMBER;
  const { channel, variables } = await entryOf(deps.db, program.trigger.kind, {
    flowId: flow.id,
    executionId,
    from,
    text: args.text ?? '',
    // The API's own rules: the test phone refuses what the API would refuse.
    input: program.trigger.kind === 'trigger_api' ? apiInputOrThrow(program, args.input ?? {}) : {},
  });
  const timeZone = await organizationTimeZone(deps.db, args.organizationId);
  const start = {
    organizationId: args.organizationId,
    program,
    executionId,
    channel,
    timeZone,
    variables,
    test: args.mocks && !mocksAreEmpty(args.mocks) ? { mocks: toTestMocks(args.mocks, timeZone) } : {},
  };
  if (channel === 'voice') {
    const { firstTurn } = await startExecution(deps, {
      ...start,
      firstTurn: { updateId: `${executionId}:0` },
    });
    return { executionId, channel, turn: await firstTurn };
  }
  await startExecution(deps, start);
  return { executionId, channel, turn: null };
}

async function entryOf(
  db: Database,
  triggerKind: string,
  a: {
    flowId: string;
    executionId: string;
    from: string;
    text: string;
    input: ApiInput;
  },
): Promise<{ channel: TestRunChannel; variables: Scope }> {
  switch (triggerKind) {
    case 'trigger_incoming_call': {
      const number = await db.query.flowBinding.findFirst({
        where: and(eq(schema.flowBinding.flowId, a.flowId), eq(schema.flowBinding.type, 'voice_number')),
        columns: { address: true },
      });
      return {
        channel: 'voice',
        variables: { call: { from: a.from, to: number?.address ?? '', sid: a.executionId } },
      };
    }
    case 'trigger_incoming_message':
      return { channel: 'sms', variables: { message: { from: a.from, body: a.text, channel: 'sms' } } };
    case 'trigger_campaign_contact':
      return { channel: 'campaign', variables: { contact: { phone: a.from } } };
    default:
      return { channel: 'api', variables: { input: a.input } };
  }
}

/** A test run of the caller's organismo, or NOT_FOUND (another organismo's, or a real execution). */
export async function getTestRun(db: Database, organizationId: string, executionId: string) {
  const row = await db.query.execution.findFirst({
    where: and(
      eq(schema.execution.id, executionId),
      eq(schema.execution.organizationId, organizationId),
      eq(schema.execution.test, true),
    ),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Test run not found');
  return row;
}

/**
 * The designer's answer to prompt `seq`. The update id makes a retried request (a double click,
 * a flaky network) apply once and get the same answer.
 */
export async function testRunTurn(
  deps: EngineDeps,
  args: {
    organizationId: string;
    executionId: string;
    seq: number;
    digits?: string | undefined;
    speech?: string | undefined;
    hangup?: boolean | undefined;
    /** At a Record prompt: a simulated recording of this many seconds (no audio). */
    recordingSeconds?: number | undefined;
  },
): Promise<VoiceTurnResult> {
  const run = await getTestRun(deps.db, args.organizationId, args.executionId);
  if (run.channel !== 'voice') throw new AppError('WRONG_TRIGGER', 'This test run is not a call');
  const input: VoiceInput = args.hangup
    ? { callStatus: 'completed' }
    : args.recordingSeconds !== undefined
      ? await simulatedRecordingTurn(deps, run, { seq: args.seq, seconds: args.recordingSeconds })
      : {
          ...(args.digits ? { digits: args.digits } : {}),
          ...(args.speech ? { speech: args.speech, confidence: 0.9 } : {}),
        };
  const client = await deps.temporal();
  return client.workflow
    .getHandle(run.workflowId)
    .executeUpdate(voiceTurnUpdate, { args: [input], updateId: `${run.id}:${args.seq}` });
}

/** A message from the test phone to a run that waits for a reply. */
export async function testRunReply(
  deps: EngineDeps,
  args: { organizationId: string; executionId: string; text: string },
): Promise<{ ok: true }> {
  const run = await getTestRun(deps.db, args.organizationId, args.executionId);
  if (run.status !== 'running') throw new AppError('EXECUTION_NOT_RUNNING', 'The test run has ended');
  const client = await deps.temporal();
  await client.workflow.getHandle(run.workflowId).signal(inboundMessageSignal, {
    from: run.contactRef ?? TEST_PHONE_NUMBER,
    body: args.text,
    channel: run.channel === 'whatsapp' ? 'whatsapp' : 'sms',
    receivedAt: new Date().toISOString(),
  });
  return { ok: true };
}

/**
 * Stops a test run the designer walked away from (closing the panel). A call is hung up, as a
 * caller would (cancelling a voice run trips the engine's call-duration timer); the rest are cancelled.
 */
export async function stopTestRun(
  deps: EngineDeps,
  args: { organizationId: string; executionId: string },
): Promise<{ ok: true }> {
  const run = await getTestRun(deps.db, args.organizationId, args.executionId);
  if (run.status !== 'running') return { ok: true };
  const client = await deps.temporal();
  const handle = client.workflow.getHandle(run.workflowId);
  try {
    if (run.channel === 'voice') await handle.signal(callStatusSignal, { callStatus: 'completed' });
    else await handle.cancel();
  } catch (err) {
    // A run that ended meanwhile has nothing to stop.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return { ok: true };
}

export type TestRunState = {
  status: ExecutionState['status'];
  activeStepId: string | null;
  variables: Scope;
  path: ExecutionState['path'];
  outcome: string | null;
  outbox: {
    id: string;
    channel: string;
    to: string;
    subject: string | null;
    body: string;
    html: string | null;
    status: string;
    createdAt: Date;
  }[];
  /** The trace details of the run's HTTP steps (the request as sent, secrets as references), in order. */
  requests: { seq: number; stepId: string; detail: Record<string, unknown> }[];
};

/** What the test phone shows: the engine's live state, or once it has closed, the row and the trace. */
export async function testRunState(
  deps: EngineDeps,
  args: { organizationId: string; executionId: string },
): Promise<TestRunState> {
  const run = await getTestRun(deps.db, args.organizationId, args.executionId);
  const outbox = await deps.db
    .select({
      id: schema.outboundMessage.id,
      channel: schema.outboundMessage.channel,
      to: schema.outboundMessage.to,
      subject: schema.outboundMessage.subject,
      body: schema.outboundMessage.body,
      html: schema.outboundMessage.html,
      status: schema.outboundMessage.status,
      createdAt: schema.outboundMessage.createdAt,
    })
    .from(schema.outboundMessage)
    .where(
      and(
        eq(schema.outboundMessage.organizationId, args.organizationId),
        eq(schema.outboundMessage.executionId, run.id),
      ),
    )
    .orderBy(asc(schema.outboundMessage.createdAt));
  // Trace is written in batches (before every wait and at the end), so a waiting run shows its requests.
  const requests = (
    await deps.db
      .select({
        seq: schema.executionTrace.seq,
        stepId: schema.executionTrace.stepId,
        detail: schema.executionTrace.detail,
      })
      .from(schema.executionTrace)
      .where(
        and(
          eq(schema.executionTrace.organizationId, args.organizationId),
          eq(schema.executionTrace.executionId, run.id),
          isNotNull(schema.executionTrace.detail),
        ),
      )
      .orderBy(asc(schema.executionTrace.seq))
  ).flatMap((r) => (r.detail ? [{ seq: r.seq, stepId: r.stepId, detail: r.detail }] : []));
  if (run.status === 'running') {
    const live = await queryState(deps, run.workflowId);
    // The engine says it is done a moment before the row holds the outcome: still running until then.
    if (live)
      return {
        ...live,
        status: live.status === 'running' ? live.status : 'running',
        outcome: null,
        outbox,
        requests,
      };
  }
  // Closed (or closing): the row holds the outcome and variables, the trace the path.
  const closed = await deps.db.query.execution.findFirst({ where: eq(schema.execution.id, run.id) });
  const trace = await deps.db
    .select({ stepId: schema.executionTrace.stepId, port: schema.executionTrace.port })
    .from(schema.executionTrace)
    .where(eq(schema.executionTrace.executionId, run.id))
    .orderBy(asc(schema.executionTrace.seq));
  const status = closed?.status ?? run.status;
  return {
    status: isStatus(status) ? status : 'running',
    activeStepId: null,
    variables: closed?.variables ?? {},
    path: trace,
    outcome: closed?.outcome ?? null,
    outbox,
    requests,
  };
}

async function queryState(deps: EngineDeps, workflowId: string): Promise<ExecutionState | null> {
  try {
    const client = await deps.temporal();
    return await client.workflow.getHandle(workflowId).query(stateQuery);
  } catch {
    // The workflow closed between the row read and the query: the caller falls back to the row.
    return null;
  }
}

const STATUSES: readonly ExecutionState['status'][] = [
  'running',
  'waiting',
  'completed',
  'failed',
  'cancelled',
];
function isStatus(s: string): s is ExecutionState['status'] {
  return STATUSES.some((x) => x === s);
}
