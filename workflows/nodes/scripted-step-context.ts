import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type {
  ExecutionInput,
  InboundMessage,
  OutboundCallReport,
  VoiceInput,
  VoiceInstruction,
} from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';
import { renderTemplate, type Scope } from '../dsl/template';
import { CallEndedError } from '../engine/call-ended';
import type { StepContext } from '../engine/step-context';

/**
 * A StepContext for unit-testing runners without Temporal, driven by a script: the caller's answers
 * and the inbound messages in order. It records every activity call, voice prompt, message wait and
 * background job, so a test asserts what a step did to the world, not only the port it chose.
 */
export type ScriptedStepContextOptions = {
  channel?: ExecutionInput['channel'];
  /** Merged over empty contact, call, message, input and vars roots. */
  scope?: Scope;
  test?: boolean;
  /** One per prompt; when they run out the caller hung up (ask throws CallEndedError, as in runFlow). */
  answers?: VoiceInput[];
  /** One per waitForMessage; null or running out = the wait timed out. */
  messages?: (InboundMessage | null)[];
  /** One per awaitCallOutcome; null or running out = nothing heard before the timeout. */
  callReports?: (OutboundCallReport | null)[];
  activities?: Partial<EngineActivities>;
  local?: Partial<EngineActivities>;
  now?: Date;
};

export type ActivityCall = { via: 'activities' | 'local'; name: keyof EngineActivities; args: unknown };

export type ScriptedStepContext = StepContext & {
  calls: ActivityCall[];
  /** What each ask sent: the queued say/play plus the prompt itself. */
  turns: VoiceInstruction[][];
  /** What finish sent, when a step ended the call. */
  finished: VoiceInstruction[] | null;
  messageWaits: number[];
  callWaits: { callId: string; timeoutMs: number }[];
  /** Waits for the background jobs, as runFlow does before the execution ends. */
  settle(): Promise<void>;
};

const EMPTY_PROGRAM: FlowProgram = {
  irVersion: 1,
  flowId: 'flow-1',
  versionId: 'version-1',
  organizationId: 'org-1',
  hash: 'test',
  entry: 'start',
  trigger: { kind: 'trigger_api', config: {} },
  steps: {},
  variables: [],
};

export function scriptedStepContext(opts: ScriptedStepContextOptions = {}): ScriptedStepContext {
  const input: ExecutionInput = {
    executionId: 'exec-1',
    organizationId: 'org-1',
    channel: opts.channel ?? 'voice',
    timeZone: 'America/Argentina/Buenos_Aires',
    variables: {},
    ...(opts.test === undefined ? {} : { test: opts.test }),
  };
  const scope: Scope = { contact: {}, call: {}, message: {}, input: {}, vars: {}, ...opts.scope };
  const answers = [...(opts.answers ?? [])];
  const messages = [...(opts.messages ?? [])];
  const calls: ActivityCall[] = [];
  const turns: VoiceInstruction[][] = [];
  const messageWaits: number[] = [];
  const callReports = [...(opts.callReports ?? [])];
  const callWaits: ScriptedStepContext['callWaits'] = [];
  const background: Promise<unknown>[] = [];
  let outbox: VoiceInstruction[] = [];
  const ctx: ScriptedStepContext = {
    stepId: 'node_1',
    input,
    program: EMPTY_PROGRAM,
    scope: () => scope,
    render: (template) => renderTemplate(template, scope, { timeZone: input.timeZone }),
    now: () => opts.now ?? new Date('2026-03-10T13:00:00.000Z'),
    random: () => 0.5,
    sleep: async () => {},
    idempotencyKey: () => `${input.executionId}:node_1:0`,
    activities: recorded('activities', opts.activities ?? {}, calls),
    local: recorded('local', opts.local ?? {}, calls),
    attempt: async (run) => {
      try {
        return { ok: true, value: await run() };
      } catch (err) {
        if (err instanceof CallEndedError) throw err;
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
    background: (run) => void background.push(run()),
    voice: {
      active: input.channel === 'voice',
      emit: (instruction) => void outbox.push(instruction),
      ask: async (instruction) => {
        turns.push([...outbox, instruction]);
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
      messageWaits.push(timeoutMs);
      return messages.shift() ?? null;
    },
    waitForResolution: async () => {
      throw new Error('waitForResolution is not scripted');
    },
    runSubflow: async () => {
      throw new Error('runSubflow is not scripted');
    },
    awaitCallOutcome: async (callId, timeoutMs) => {
      callWaits.push({ callId, timeoutMs });
      return callReports.shift() ?? null;
    },
    calls,
    turns,
    finished: null,
    messageWaits,
    callWaits,
    settle: async () => {
      await Promise.all(background);
    },
  };
  return ctx;
}

/** Every activity records its call, then runs the test's fake or fails as an unexpected call. */
function recorded(
  via: ActivityCall['via'],
  fakes: Partial<EngineActivities>,
  calls: ActivityCall[],
): EngineActivities {
  const wrap =
    <A, R>(name: keyof EngineActivities, fake: ((args: A) => Promise<R>) | undefined) =>
    async (args: A): Promise<R> => {
      calls.push({ via, name, args });
      if (!fake) throw new Error(`unexpected ${via}.${name} call`);
      return fake(args);
    };
  return {
    openExecution: wrap('openExecution', fakes.openExecution),
    closeExecution: wrap('closeExecution', fakes.closeExecution),
    recordTrace: wrap('recordTrace', fakes.recordTrace),
    sendMessage: wrap('sendMessage', fakes.sendMessage),
    placeCall: wrap('placeCall', fakes.placeCall),
    recordCallOutcome: wrap('recordCallOutcome', fakes.recordCallOutcome),
    lookupCitizen: wrap('lookupCitizen', fakes.lookupCitizen),
    updateCitizen: wrap('updateCitizen', fakes.updateCitizen),
    createTicket: wrap('createTicket', fakes.createTicket),
    createWorkItem: wrap('createWorkItem', fakes.createWorkItem),
    httpRequest: wrap('httpRequest', fakes.httpRequest),
    businessHoursStatus: wrap('businessHoursStatus', fakes.businessHoursStatus),
    nextOpenTime: wrap('nextOpenTime', fakes.nextOpenTime),
    loadSubflow: wrap('loadSubflow', fakes.loadSubflow),
    recordSurvey: wrap('recordSurvey', fakes.recordSurvey),
    expectReply: wrap('expectReply', fakes.expectReply),
  };
}
