import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { EngineActivities } from '../lib/contracts/engine-activities';
import type {
  ExecutionInput,
  InboundMessage,
  TraceRecord,
  VoiceInput,
  VoiceInstruction,
  VoiceTurnResult,
} from '../lib/contracts/execution';
import type { FlowProgram } from '../lib/contracts/program';
import { renderTemplate, type Scope } from './dsl/template';
import { CallEndedError } from './engine/call-ended';
import { createOutboundCalls } from './engine/outbound-calls';
import type { Attempt, Resolution, StepContext } from './engine/step-context';
import { clockOffset, type TestMocks, withMocks } from './engine/test-mocks';
import { loadedRunner, loadRunner } from './kinds/runners';
import {
  callStatusSignal,
  type ExecutionOutcome,
  type ExecutionState,
  inboundMessageSignal,
  type ResumeState,
  resolutionSignal,
  stateQuery,
  voiceTurnUpdate,
} from './messages';

/** Consecutive steps with no durable wait before an execution is stopped as runaway. */
export const STEP_BUDGET = 1000;
const HISTORY_LIMIT = 8000;
const TRACE_BATCH = 25;
/** Twilio ends calls after 4 hours; past that a silent call is over for the execution too. */
const MAX_CALL_MS = 4 * 60 * 60 * 1000;

const acts = proxyActivities<EngineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});
const local = proxyLocalActivities<EngineActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', maximumAttempts: 3 },
});
// Closing is one short write; as a local activity it needs no extra workflow task (bench: 26 → 29 runs/s).
const CLOSING = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 20 },
} as const;
const closing = proxyLocalActivities<EngineActivities>(CLOSING);
// A call's last turn answers Twilio first: as a task of its own the write is off the caller's path
// (a local activity holds the workflow task, and with it the goodbye, until it is done).
const closingAfterCall = proxyActivities<EngineActivities>(CLOSING);

/**
 * The one interpreter: walks a compiled FlowProgram step by step. Waits are durable, voice turns
 * arrive as updates, replies and resolutions as signals; long executions continue as new.
 */
export async function runFlow(
  program: FlowProgram,
  input: ExecutionInput,
  resume?: ResumeState,
): Promise<ExecutionOutcome> {
  const info = workflowInfo();
  // Mocks only ever apply to test runs; the patch keeps histories from before them replaying.
  const mocks: TestMocks | null =
    input.test === true && input.mocks !== undefined && patched('test-run-mocks') ? input.mocks : null;
  const clock = clockOffset(mocks, Date.now());
  const startedAt = clock === 0 ? info.startTime : new Date(Date.now() + clock);
  const scope: Scope = resume?.variables ?? initialScope(program, input, startedAt);
  const stepActs = mocks ? withMocks(acts, mocks) : acts;
  const stepLocal = mocks ? withMocks(local, mocks) : local;
  // A mocked clock goes on from where it is in a continued run or a subflow, not back to its start.
  const mockedNow = (from: ExecutionInput): ExecutionInput =>
    mocks?.now ? { ...from, mocks: { ...mocks, now: new Date(Date.now() + clock).toISOString() } } : from;
  const visits: Record<string, number> = resume?.visits ?? {};
  const path: ExecutionState['path'] = [];
  let traceSeq = resume?.traceSeq ?? 0;
  let stepsRun = resume?.stepsRun ?? 0;
  let status: ExecutionState['status'] = 'running';
  let activeStepId: string | null = resume ? resume.stepId : program.entry;

  // --- signals and updates -------------------------------------------------------------------
  const messages: InboundMessage[] = [];
  const resolutions = new Map<string, Resolution>();
  const voiceInputs: VoiceInput[] = [];
  const voiceYields: VoiceTurnResult[] = [];
  let voiceOutbox: VoiceInstruction[] = [];
  let turnsRequested = 0;
  let callEnded = false;
  // A voice turn wakes whoever waits on it directly instead of through condition(): the caller's
  // answer, the next prompt and the update's reply then happen in one pass into the workflow sandbox
  // (the SDK re-enters it once per condition that comes true, each time at a cost).
  const voiceWaiters: (() => void)[] = [];
  const voiceChanged = () => {
    for (const wake of voiceWaiters.splice(0)) wake();
  };
  // One patch for the voice-turn changes (one marker per call): the row written beside the
  // first prompt, turns woken directly, the execution closed after the goodbye. Histories from
  // before it replay as they ran (condition() orders a turn's reply after the step's commands).
  let voiceTurnsV2: boolean | undefined;
  const voicePatch = () => {
    voiceTurnsV2 ??= patched('voice-turns-v2');
    return voiceTurnsV2;
  };
  const untilVoice = async (ready: () => boolean): Promise<void> => {
    if (!voicePatch()) return condition(ready);
    while (!ready()) {
      await new Promise<void>((resolve, reject) => {
        voiceWaiters.push(resolve);
        CancellationScope.current().cancelRequested.catch(reject);
      });
    }
  };
  // Reports about outbound calls carry `outboundCall`, which only webhooks newer than the
  // 'outbound-call-outcome' patch send; without it the handlers below behave as before.
  const outbound = createOutboundCalls();

  setHandler(inboundMessageSignal, (m) => void messages.push(m));
  setHandler(
    resolutionSignal,
    (r) => void resolutions.set(`${r.kind}:${r.id}`, { outcome: r.outcome, data: r.data ?? {} }),
  );
  setHandler(callStatusSignal, (s) => {
    if (s.outboundCall) {
      if (outbound.onStatus(s.outboundCall.callSid, s.callStatus)) callEnded = true;
      voiceChanged();
      return;
    }
    if (s.callStatus && s.callStatus !== 'in-progress') callEnded = true;
    voiceChanged();
  });
  setHandler(stateQuery, () => ({ activeStepId, variables: scope, path: path.slice(-200), status }));
  setHandler(voiceTurnUpdate, async (turn) => {
    if (turn.outboundCall) {
      // The answer webhook of a call this execution placed: turn 1 of that call, once it is connected.
      const { callSid, answeredBy } = turn.outboundCall;
      const connected = await outbound.onAnswer(callSid, answeredBy ?? null, () => status === 'running');
      if (!connected) return { instructions: [{ type: 'hangup' }], ended: true, activeStepId };
    }
    const k = ++turnsRequested;
    if (k > 1) {
      if (turn.callStatus && turn.callStatus !== 'in-progress') callEnded = true;
      else voiceInputs.push(turn);
      voiceChanged();
    }
    await untilVoice(() => voiceYields.length >= k || status !== 'running' || callEnded);
    return voiceYields[k - 1] ?? { instructions: [{ type: 'hangup' }], ended: true, activeStepId };
  });

  // --- trace ---------------------------------------------------------------------------------
  const pendingTrace: TraceRecord[] = [];
  const background: Promise<unknown>[] = [];
  const flushTrace = (awaited: boolean) => {
    if (pendingTrace.length === 0) return Promise.resolve();
    const records = pendingTrace.splice(0);
    const p = acts.recordTrace({
      executionId: input.executionId,
      organizationId: input.organizationId,
      records,
    });
    if (!awaited) background.push(p);
    return awaited ? p : Promise.resolve();
  };
  let voiceMode = input.channel === 'voice';
  let stepsSinceWait = 0;
  // Plain functions where a promise is not needed: the SDK records a stack trace for every promise.
  const waited = () => {
    stepsSinceWait = 0;
  };

  // --- the context steps see ----------------------------------------------------------------
  const makeContext = (stepId: string): StepContext => ({
    stepId,
    input,
    program,
    scope: () => scope,
    render: (template) => renderTemplate(template, scope, { timeZone: input.timeZone }),
    now: () => new Date(Date.now() + clock),
    random: Math.random,
    sleep: async (ms) => {
      await flushTrace(!voiceMode);
      await sleep(Math.max(0, ms));
      waited();
    },
    idempotencyKey: () => `${input.executionId}:${stepId}:${visits[stepId] ?? 0}`,
    activities: stepActs,
    local: stepLocal,
    mocks,
    attempt: async <T>(run: () => Promise<T>): Promise<Attempt<T>> => {
      try {
        return { ok: true, value: await run() };
      } catch (err) {
        if (err instanceof ActivityFailure) return { ok: false, error: err.cause?.message ?? err.message };
        throw err;
      }
    },
    background: (run) => void background.push(run().catch(() => undefined)),
    voice: {
      get active() {
        return voiceMode;
      },
      emit: (instruction) => void voiceOutbox.push(instruction),
      ask: async (instruction) => {
        voiceYields.push({ instructions: [...voiceOutbox, instruction], ended: false, activeStepId: stepId });
        voiceOutbox = [];
        voiceChanged();
        // No trace write and no timer per prompt: each would cost the caller an extra workflow task.
        await untilVoice(() => voiceInputs.length > 0 || callEnded);
        waited();
        const answer = callEnded ? undefined : voiceInputs.shift();
        if (!answer) throw new CallEndedError();
        return answer;
      },
      finish: (instruction) => {
        voiceYields.push({ instructions: [...voiceOutbox, instruction], ended: true, activeStepId: stepId });
        voiceOutbox = [];
        callEnded = true;
        voiceChanged();
      },
    },
    waitForMessage: async (timeoutMs) => {
      await flushTrace(true);
      const address = replyAddressOf(scope);
      if (address) {
        await local.expectReply({
          organizationId: input.organizationId,
          executionId: input.executionId,
          address,
          timeoutMs,
        });
      }
      const arrived = await condition(() => messages.length > 0, timeoutMs);
      waited();
      return arrived ? (messages.shift() ?? null) : null;
    },
    waitForResolution: async (kind, id, timeoutMs) => {
      await flushTrace(true);
      const key = `${kind}:${id}`;
      const arrived = await condition(() => resolutions.has(key), timeoutMs);
      waited();
      return arrived ? (resolutions.get(key) ?? null) : null;
    },
    awaitCallOutcome: async (callId, timeoutMs) => {
      // Before the patch a call the provider had only queued was taken as answered at once.
      if (!patched('outbound-call-outcome')) return { kind: 'answered', answeredBy: null };
      await flushTrace(!voiceMode);
      const report = await outbound.awaitOutcome(callId, timeoutMs);
      waited();
      return report;
    },
    runSubflow: async (child, variables) => {
      await flushTrace(true);
      const childId = `${input.executionId}-sub-${stepId}-${visits[stepId] ?? 0}`;
      try {
        const result = await executeChild(runFlow, {
          workflowId: `${info.workflowId}-sub-${stepId}-${visits[stepId] ?? 0}`,
          args: [child, { ...mockedNow(input), executionId: childId, variables }],
        });
        return { status: result.status, variables: result.variables };
      } catch (err) {
        // A failed child is the subflow node's 'failed' port, not the parent's failure.
        if (err instanceof ChildWorkflowFailure) return { status: 'failed', variables: {} };
        throw err;
      } finally {
        waited();
      }
    },
  });

  const finish = async (outcome: ExecutionOutcome): Promise<ExecutionOutcome> => {
    status = outcome.status;
    if (voiceMode && !callEnded) {
      voiceYields.push({
        instructions: [...voiceOutbox, { type: 'hangup' }],
        ended: true,
        activeStepId: null,
      });
      callEnded = true;
    }
    voiceChanged();
    const afterCall = voiceMode && voicePatch();
    await CancellationScope.nonCancellable(async () => {
      await Promise.allSettled(background);
      await (afterCall ? closingAfterCall : closing).closeExecution({
        executionId: input.executionId,
        organizationId: input.organizationId,
        trace: pendingTrace.splice(0),
        status: outcome.status,
        outcome: outcome.outcome,
        error: outcome.status === 'failed' ? outcome.outcome : null,
        variables: scope,
      });
    });
    return outcome;
  };

  const guardCallDuration = () => {
    const call = callsStarted++;
    // Cancelling the execution cancels this timer too: that rejection is expected, not a failure.
    void sleep(MAX_CALL_MS).then(
      () => {
        if (callsStarted === call + 1) callEnded = true;
        voiceChanged();
      },
      () => undefined,
    );
  };
  let callsStarted = 0;
  if (voiceMode) guardCallDuration();

  if (!resume) {
    const opening = {
      executionId: input.executionId,
      organizationId: input.organizationId,
      flowId: program.flowId,
      versionId: program.versionId,
      channel: input.channel,
      contactRef:
        stringOrNull(scope.call, 'from') ??
        stringOrNull(scope.message, 'from') ??
        stringOrNull(scope.contact, 'phone'),
      citizenId: stringOrNull(scope.contact, 'id'),
      test: input.test ?? false,
    };
    // Never cancelled: a run cancelled as it starts still gets its row, and then closes as cancelled.
    // A caller waits for the first prompt: the row is written beside it (closing waits for it), not before.
    if (voiceMode && voicePatch())
      background.push(CancellationScope.nonCancellable(() => acts.openExecution(opening)));
    else await CancellationScope.nonCancellable(() => local.openExecution(opening));
  }

  let lastPort: string | null = null;
  const configs = new Map<string, unknown>();
  try {
    while (activeStepId !== null) {
      const step: FlowProgram['steps'][string] | undefined = program.steps[activeStepId];
      if (!step)
        throw ApplicationFailure.nonRetryable(`Step ${activeStepId} is not in the program`, 'BROKEN_PROGRAM');
      if (++stepsSinceWait > STEP_BUDGET) {
        throw ApplicationFailure.nonRetryable(
          `Stopped after ${STEP_BUDGET} steps without a wait (last step ${activeStepId})`,
          'STEP_BUDGET_EXCEEDED',
        );
      }
      const runner = loadedRunner(step.kind) ?? (await loadRunner(step.kind));
      if (!runner)
        throw ApplicationFailure.nonRetryable(`No interpreter step for ${step.kind}`, 'UNKNOWN_KIND');
      const stepId = activeStepId;
      // A program never changes within a run: each step's config is parsed once, not on every visit.
      const config = configs.get(stepId) ?? runner.definition.schema.parse(step.config);
      configs.set(stepId, config);
      const before = snapshotVars(scope);
      const result = await runner.run(config, makeContext(stepId));
      visits[stepId] = (visits[stepId] ?? 0) + 1;
      stepsRun++;
      const changed = applyAssignments(scope, result.set ?? {});
      // Connects or closes an outbound call whose outcome this step decided (in the same task as the reset).
      const hungUpAlready = outbound.settle(result.connectedCall?.callId);
      if (result.connectedCall) {
        // A new call: its first webhook is turn 1 again, with nothing carried over from an earlier call.
        voiceMode = true;
        guardCallDuration();
        turnsRequested = 0;
        voiceYields.length = 0;
        voiceInputs.length = 0;
        voiceOutbox = [];
        callEnded = hungUpAlready;
        voiceChanged();
      }
      lastPort = result.port;
      pendingTrace.push({
        seq: ++traceSeq,
        stepId,
        kind: step.kind,
        at: new Date(Date.now()).toISOString(),
        port: result.port,
        changed: diffVars(before, scope, changed),
      });
      path.push({ stepId, port: result.port });
      if (pendingTrace.length >= TRACE_BATCH) await flushTrace(!voiceMode);
      activeStepId = step.next[result.port] ?? null;

      if (activeStepId !== null && !voiceMode && shouldContinueAsNew(input.historyLimit ?? HISTORY_LIMIT)) {
        await flushTrace(true);
        await Promise.allSettled(background.splice(0));
        await continueAsNew<typeof runFlow>(program, mockedNow(input), {
          stepId: activeStepId,
          variables: scope,
          traceSeq,
          visits,
          stepsRun,
        });
      }
    }
    return await finish({
      status: 'completed',
      lastStepId: path.at(-1)?.stepId ?? null,
      outcome: lastPort,
      variables: scope,
    });
  } catch (err) {
    if (err instanceof CallEndedError) {
      return await finish({
        status: 'completed',
        lastStepId: activeStepId,
        outcome: 'hung_up',
        variables: scope,
      });
    }
    if (isCancellation(err)) {
      return await finish({
        status: 'cancelled',
        lastStepId: activeStepId,
        outcome: 'cancelled',
        variables: scope,
      });
    }
    const message = err instanceof Error ? err.message : String(err);
    pendingTrace.push({
      seq: ++traceSeq,
      stepId: activeStepId ?? 'unknown',
      kind: activeStepId ? (program.steps[activeStepId]?.kind ?? 'unknown') : 'unknown',
      at: new Date(Date.now()).toISOString(),
      port: null,
      changed: {},
      error: message,
    });
    await finish({ status: 'failed', lastStepId: activeStepId, outcome: message, variables: scope });
    throw err;
  }
}

function shouldContinueAsNew(limit: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > limit;
}

function initialScope(program: FlowProgram, input: ExecutionInput, startTime: Date): Scope {
  const given = input.variables;
  return {
    contact: record(given.contact),
    call: record(given.call),
    message: record(given.message),
    input: record(given.input),
    vars: record(given.vars),
    execution: {
      id: input.executionId,
      flowId: program.flowId,
      versionId: program.versionId,
      startedAt: startTime.toISOString(),
      channel: input.channel,
    },
  };
}

/** Who the next message should come from: the sender that started the flow, else the contact's phone. */
function replyAddressOf(scope: Scope): string | null {
  return (
    stringOrNull(scope.message, 'from') ??
    stringOrNull(scope.contact, 'phone') ??
    stringOrNull(scope.call, 'from')
  );
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
}

function stringOrNull(container: unknown, key: string): string | null {
  if (container === null || typeof container !== 'object') return null;
  const v: unknown = Reflect.get(container, key);
  return typeof v === 'string' && v ? v : null;
}

const WRITABLE_ROOTS = new Set(['vars', 'contact', 'call', 'message']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Applies `root.key[.sub]` assignments from a step; only writable roots change. */
function applyAssignments(scope: Scope, set: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const [path, value] of Object.entries(set)) {
    const [root, ...rest] = path.split('.');
    if (!root || !WRITABLE_ROOTS.has(root) || rest.length === 0 || rest.some((k) => FORBIDDEN_KEYS.has(k)))
      continue;
    let target = record(scope[root]);
    scope[root] = target;
    for (const key of rest.slice(0, -1)) {
      const nextLevel = record(target[key]);
      target[key] = nextLevel;
      target = nextLevel;
    }
    const last = rest[rest.length - 1];
    if (last === undefined) continue;
    target[last] = value;
    changed.push(path);
  }
  return changed;
}

function snapshotVars(scope: Scope): string {
  return JSON.stringify({ vars: scope.vars, contact: scope.contact });
}

function diffVars(before: string, scope: Scope, changed: string[]): Record<string, unknown> {
  if (changed.length === 0 && before === snapshotVars(scope)) return {};
  const out: Record<string, unknown> = {};
  for (const path of changed) {
    let v: unknown = scope;
    for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? Reflect.get(v, k) : undefined;
    out[path] = v;
  }
  return out;
}
