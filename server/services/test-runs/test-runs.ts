import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { and, asc, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { ExecutionInput, VoiceInput, VoiceTurnResult } from '@/lib/contracts/execution';
import { mocksAreEmpty, type ScenarioMocks, toTestMocks } from '@/lib/test-scenarios/types';
import { AppError } from '@/server/errors';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { getFlow } from '@/server/services/flows/flows';
import { nativeSha256 } from '@/server/services/flows/native-sha256';
import { loadCompileResources } from '@/server/services/flows/resources';
import { simulatedRecordingTurn } from '@/server/services/recordings/simulated-recording';
import { compile } from '@/workflows/dsl/compile';
import type { Scope } from '@/workflows/dsl/template';
import {
  callStatusSignal,
  type ExecutionState,
  inboundMessageSignal,
  type RunFlow,
  stateQuery,
  voiceTurnUpdate,
} from '@/workflows/messages';
import { apiTrigger } from '@/workflows/nodes/trigger-api/definition';

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
  input?: Record<string, string | number | boolean> | undefined;
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
  const resources = await loadCompileResources(deps.db, args.organizationId, args.flowId);
  const compiled = compile({
    graph: flow.draft,
    flowId: flow.id,
    versionId: `draft-${randomUUID()}`,
    organizationId: args.organizationId,
    resources,
    sha256: nativeSha256,
  });
  if (!compiled.ok) {
    throw new AppError('FLOW_HAS_ERRORS', 'The draft has errors', { problems: compiled.problems });
  }
  const program = compiled.program;
  const org = await deps.db.query.organization.findFirst({
    where: eq(schema.organization.id, args.organizationId),
    columns: { timezone: true },
  });
  const executionId = `test-${randomUUID()}`;
  const from = args.from?.trim() || TEST_PHONE_NUMBER;
  const { channel, variables } = await entryOf(deps.db, program.trigger.kind, {
    flowId: flow.id,
    executionId,
    from,
    text: args.text ?? '',
    input: program.trigger.kind === 'trigger_api' ? apiInputOf(program.trigger.config, args.input ?? {}) : {},
  });
  const timeZone = org?.timezone ?? 'America/Argentina/Cordoba';
  const executionInput: ExecutionInput = {
    executionId,
    organizationId: args.organizationId,
    channel,
    timeZone,
    variables,
    test: true,
    ...(args.mocks && !mocksAreEmpty(args.mocks) ? { mocks: toTestMocks(args.mocks, timeZone) } : {}),
  };
  await deps.db.insert(schema.execution).values({
    id: executionId,
    organizationId: args.organizationId,
    flowId: flow.id,
    versionId: program.versionId,
    workflowId: executionId,
    channel,
    status: 'running',
    contactRef: channel === 'api' ? null : from,
    test: true,
  });
  const client = await deps.temporal();
  if (channel === 'voice') {
    const turn = await client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
      args: [{}],
      updateId: `${executionId}:0`,
      // Single-use: a new operation for every start.
      startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
        workflowId: executionId,
        taskQueue: deps.taskQueue,
        args: [program, executionInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    return { executionId, channel, turn };
  }
  await client.workflow.start<RunFlow>('runFlow', {
    taskQueue: deps.taskQueue,
    workflowId: executionId,
    args: [program, executionInput],
  });
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
    input: Record<string, string | number | boolean>;
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

/**
 * The declared fields of an API trigger, as the API takes them: unknown names are dropped, and a
 * missing required field is refused the way the API refuses it (the test phone's form shows which).
 */
function apiInputOf(
  config: Record<string, unknown>,
  given: Record<string, string | number | boolean>,
): Record<string, string | number | boolean> {
  const parsed = apiTrigger.schema.safeParse(config);
  const fields = parsed.success ? parsed.data.fields : [];
  const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');
  const missing = fields.filter((f) => f.required && blank(given[f.name])).map((f) => f.name);
  if (missing.length > 0)
    throw new AppError('INVALID_INPUT', `Missing input: ${missing.join(', ')}`, { missing });
  return Object.fromEntries(
    fields.flatMap((f) => {
      const v = given[f.name];
      return v === undefined || blank(v) ? [] : [[f.name, v]];
    }),
  );
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
  if (run.status === 'running') {
    const live = await queryState(deps, run.workflowId);
    // The engine says it is done a moment before the row holds the outcome: still running until then.
    if (live)
      return { ...live, status: live.status === 'running' ? live.status : 'running', outcome: null, outbox };
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
