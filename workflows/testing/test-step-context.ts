import { ActivityFailure } from '@temporalio/common';
import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type {
  ExecutionInput,
  InboundMessage,
  OutboundCallReport,
  VoiceInput,
  VoiceInstruction,
} from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';
import { linearMatches } from '../dsl/linear-regex';
import { renderTemplate, type Scope } from '../dsl/template';
import { CallEndedError } from '../engine/call-ended';
import type { Resolution, StepContext } from '../engine/step-context';
import type { TestMocks } from '../engine/test-mocks';
import { type ActivityCall, activityDouble } from './test-activities';

export type TestStepContextOptions = {
  stepId?: string;
  /** Over an API execution of org-1 (channel 'api'); voice.active follows the channel. */
  input?: Partial<ExecutionInput>;
  program?: Partial<FlowProgram>;
  /** Merged over empty contact, call, message, input and vars roots. */
  scope?: Scope;
  now?: Date;
  mocks?: TestMocks | null;
  /** Fakes by name; any other activity the step calls fails the test. */
  activities?: Partial<EngineActivities>;
  local?: Partial<EngineActivities>;
  /** One per prompt; when they run out the caller hung up (ask throws CallEndedError, as in runFlow). */
  answers?: VoiceInput[];
  /** One per waitForMessage; null or running out = the wait timed out. */
  messages?: (InboundMessage | null)[];
  /** One per awaitCallOutcome; null or running out = nothing heard before the timeout. */
  callReports?: (OutboundCallReport | null)[];
  waitForResolution?: StepContext['waitForResolution'];
  runSubflow?: StepContext['runSubflow'];
};

export type TestStepContext = StepContext & {
  /** Every activity call, regular and local, in order. */
  calls: ActivityCall[];
  /** What each ask sent: the queued say/play plus the prompt itself. */
  turns: VoiceInstruction[][];
  /** What finish sent, when a step ended the call. */
  finished: VoiceInstruction[] | null;
  messageWaits: number[];
  callWaits: { callId: string; timeoutMs: number }[];
  resolutionWaits: { kind: 'workItem' | 'ticket'; id: string; timeoutMs: number }[];
  subflowRuns: { program: FlowProgram; variables: Scope }[];
  /** What the step gave its trace record through describe(), if anything. */
  detail: Record<string, unknown> | null;
  /** Waits for the background jobs, as runFlow does before the execution ends. */
  settle(): Promise<void>;
};

/**
 * A StepContext for unit-testing runners without Temporal that behaves as runFlow's: activities
 * are the test's fakes behind the one activity double (a fake that throws fails as a real activity
 * does), attempt() reports only activity failures, background jobs run at once and their errors are
 * dropped. It records what the step did to the world, so a test asserts that, not only the port.
 */
export function testStepContext(opts: TestStepContextOptions = {}): TestStepContext {
  const stepId = opts.stepId ?? 'node_1';
  const input: ExecutionInput = {
    executionId: 'exec-1',
    organizationId: 'org-1',
    channel: 'api',
    timeZone: 'America/Argentina/Buenos_Aires',
    variables: {},
    ...opts.input,
  };
  const program: FlowProgram = {
    irVersion: 1,
    flowId: 'flow-1',
    versionId: 'version-1',
    organizationId: input.organizationId,
    hash: 'test',
    entry: 'trigger',
    trigger: { kind: 'trigger_api', config: {} },
    steps: {},
    variables: [],
    ...opts.program,
  };
  const scope: Scope = { contact: {}, call: {}, message: {}, input: {}, vars: {}, ...opts.scope };
  const answers = [...(opts.answers ?? [])];
  const messages = [...(opts.messages ?? [])];
  const callReports = [...(opts.callReports ?? [])];
  const calls: ActivityCall[] = [];
  const background: Promise<unknown>[] = [];
  const double = (via: ActivityCall['via'], overrides: Partial<EngineActivities> = {}) =>
    activityDouble({ via, calls, overrides, fallback: null, inProcess: true });
  let outbox: VoiceInstruction[] = [];
  const ctx: TestStepContext = {
    stepId,
    input,
    program,
    scope: () => scope,
    render: (template) => renderTemplate(template, scope, { timeZone: input.timeZone }),
    regexMatcher: async () => linearMatches,
    now: () => opts.now ?? new Date('2026-03-10T13:00:00.000Z'),
    random: () => 0.5,
    mocks: opts.mocks ?? null,
    sleep: async () => {},
    idempotencyKey: () => `${input.executionId}:${stepId}:0`,
    activities: double('activities', opts.activities),
    local: double('local', opts.local),
    // runFlow's: an activity's failure is a result, anything else (a bug, a hang-up) propagates.
    attempt: async (run) => {
      try {
        return { ok: true, value: await run() };
      } catch (err) {
        if (err instanceof ActivityFailure) return { ok: false, error: err.cause?.message ?? err.message };
        throw err;
      }
    },
    describe: (detail) => {
      ctx.detail = detail;
    },
    background: (run) => void background.push(run().catch(() => undefined)),
    voice: {
      active: input.channel === 'voice',
      emit: (instruction) => void outbox.push(instruction),
      ask: async (instruction) => {
        ctx.turns.push([...outbox, instruction]);
        outbox = [];
        const answer = answers.shift();
        if (!answer) throw new CallEndedError();
        return answer;
      },
      finish: (instruction) => {
        ctx.finished = [...outbox, instruction];
        outbox = [];
      },
    },
    waitForMessage: async (timeoutMs) => {
      ctx.messageWaits.push(timeoutMs);
      return messages.shift() ?? null;
    },
    waitForResolution: async (kind, id, timeoutMs): Promise<Resolution | null> => {
      ctx.resolutionWaits.push({ kind, id, timeoutMs });
      if (!opts.waitForResolution) throw new Error('waitForResolution is not faked');
      return opts.waitForResolution(kind, id, timeoutMs);
    },
    awaitCallOutcome: async (callId, timeoutMs) => {
      ctx.callWaits.push({ callId, timeoutMs });
      return callReports.shift() ?? null;
    },
    runSubflow: async (child, variables) => {
      ctx.subflowRuns.push({ program: child, variables });
      if (!opts.runSubflow) throw new Error('runSubflow is not faked');
      return opts.runSubflow(child, variables);
    },
    calls,
    turns: [],
    finished: null,
    messageWaits: [],
    callWaits: [],
    resolutionWaits: [],
    subflowRuns: [],
    detail: null,
    settle: async () => {
      await Promise.all(background);
    },
  };
  return ctx;
}
