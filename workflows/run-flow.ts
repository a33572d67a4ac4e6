import {
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  TemporalFailure,
  WorkflowError,
  workflowInfo,
} from '@temporalio/workflow';
import type { EngineActivities } from '../lib/contracts/engine-activities';
import type { ExecutionInput, StepResult, VoiceInput, VoiceTurnGuard } from '../lib/contracts/execution';
import type { FlowProgram } from '../lib/contracts/program';
import { renderTemplate, type Scope, TemplateError } from './dsl/template';
import { CallEndedError } from './engine/call-ended';
import { createOutboundCalls } from './engine/outbound-calls';
import {
  applyAssignments,
  contactRefOf,
  diffVars,
  initialScope,
  snapshotVars,
  stringOrNull,
} from './engine/scope';
import { templateFailure } from './engine/template-failure';
import { createStepContexts, type Inbox } from './engine/temporal-step-context';
import { clockOffset, type TestMocks, withMocks } from './engine/test-mocks';
import { createTraceBuffer } from './engine/trace-buffer';
import { createVoiceSession } from './engine/voice-session';
import { loadedRunner, loadRunner } from './kinds/runners';
import {
  callStatusSignal,
  type ExecutionOutcome,
  type ExecutionState,
  FOREIGN_CALL,
  inboundMessageSignal,
  type RunFlow,
  resolutionSignal,
  stateQuery,
  voiceTurnUpdate,
} from './messages';

/** Consecutive steps with no durable wait before an execution is stopped as runaway. */
export const STEP_BUDGET = 1000;
const HISTORY_LIMIT = 8000;

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
 * Typed as RunFlow, the signature Next starts it by name with, so the two cannot drift apart.
 */
export const runFlow: RunFlow = async (program, input, resume) => {
  const info = workflowInfo();
  // Mocks only ever apply to test runs; the patch keeps histories from before them replaying.
  const mocks: TestMocks | null =
    input.test === true && input.mocks !== undefined && patched('test-run-mocks') ? input.mocks : null;
  const clock = clockOffset(mocks, Date.now());
  const startedAt = clock === 0 ? info.startTime : new Date(Date.now() + clock);
  const scope: Scope = resume?.variables ?? initialScope(program, input, startedAt);
  // A mocked clock goes on from where it is in a continued run or a subflow, not back to its start.
  const carriedInput = (): ExecutionInput =>
    mocks?.now ? { ...input, mocks: { ...mocks, now: new Date(Date.now() + clock).toISOString() } } : input;
  const visits: Record<string, number> = resume?.visits ?? {};
  const path: ExecutionState['path'] = [];
  let stepsRun = resume?.stepsRun ?? 0;
  let status: ExecutionState['status'] = 'running';
  let activeStepId: string | null = resume ? resume.stepId : program.entry;
  let stepsSinceWait = 0;
  // Plain functions where a promise is not needed: the SDK records a stack trace for every promise.
  const waited = () => {
    stepsSinceWait = 0;
  };
  // What steps described of themselves (describe()), kept until their trace record is written.
  const details = new Map<string, Record<string, unknown>>();

  // Reports about outbound calls carry `outboundCall`, which only webhooks newer than the
  // 'outbound-call-outcome' patch send; without it the handlers behave as before.
  const outbound = createOutboundCalls();
  const voice = createVoiceSession({
    active: input.channel === 'voice',
    outbound,
    running: () => status === 'running',
    activeStepId: () => activeStepId,
    waited,
  });
  const inbox: Inbox = { messages: [], resolutions: new Map() };
  // The inbox can signal a message twice (the signal went through, recording that did not): taken once.
  const signalledSids: string[] = [];
  setHandler(inboundMessageSignal, (m) => {
    if (m.sid !== undefined) {
      if (signalledSids.includes(m.sid)) return;
      signalledSids.push(m.sid);
      if (signalledSids.length > 100) signalledSids.shift();
    }
    inbox.messages.push(m);
  });
  setHandler(
    resolutionSignal,
    (r) => void inbox.resolutions.set(`${r.kind}:${r.id}`, { outcome: r.outcome, data: r.data ?? {} }),
  );
  setHandler(callStatusSignal, voice.onCallStatus);
  setHandler(stateQuery, () => ({ activeStepId, variables: scope, path: path.slice(-200), status }));
  setHandler(voiceTurnUpdate, voice.onTurn, {
    // A webhook verified with another organismo's key is refused before the update is accepted:
    // it leaves nothing in the history and never reaches the call.
    validator: (_turn: VoiceInput, guard?: VoiceTurnGuard) => {
      if (guard?.organizationId !== undefined && guard.organizationId !== input.organizationId)
        throw ApplicationFailure.nonRetryable('This call belongs to another organismo', FOREIGN_CALL);
    },
  });

  const trace = createTraceBuffer({
    recordTrace: acts.recordTrace,
    executionId: input.executionId,
    organizationId: input.organizationId,
    seq: resume?.traceSeq ?? 0,
  });
  const contextFor = createStepContexts({
    program,
    input,
    workflowId: info.workflowId,
    scope,
    render: (template) => renderTemplate(template, scope, { timeZone: input.timeZone }),
    clock,
    mocks,
    activities: mocks ? withMocks(acts, mocks) : acts,
    local: mocks ? withMocks(local, mocks) : local,
    visits,
    inbox,
    trace,
    voice,
    outbound,
    waited,
    describe: (stepId, detail) => void details.set(stepId, detail),
    carriedInput,
  });

  const finish = async (outcome: ExecutionOutcome): Promise<ExecutionOutcome> => {
    status = outcome.status;
    voice.end();
    const afterCall = voice.active && voice.turnsV2();
    await CancellationScope.nonCancellable(async () => {
      await trace.settle();
      await (afterCall ? closingAfterCall : closing).closeExecution({
        executionId: input.executionId,
        organizationId: input.organizationId,
        trace: trace.take(),
        status: outcome.status,
        outcome: outcome.outcome,
        error: outcome.status === 'failed' ? outcome.outcome : null,
        variables: scope,
      });
    });
    return outcome;
  };

  if (voice.active) voice.guardCallDuration();
  if (!resume) {
    const opening = {
      executionId: input.executionId,
      organizationId: input.organizationId,
      flowId: program.flowId,
      versionId: program.versionId,
      channel: input.channel,
      contactRef: contactRefOf(scope),
      citizenId: stringOrNull(scope.contact, 'id'),
      test: input.test ?? false,
    };
    // Never cancelled: a run cancelled as it starts still gets its row, and then closes as cancelled.
    // A caller waits for the first prompt: the row is written beside it (closing waits for it), not before.
    if (voice.active && voice.turnsV2())
      trace.track(CancellationScope.nonCancellable(() => acts.openExecution(opening)));
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
      details.delete(stepId);
      let result: StepResult;
      try {
        result = await runner.run(config, contextFor(stepId));
      } catch (err) {
        // A template that cannot render fails the node as its other errors do (its failed port);
        // runs recorded before this patch failed the execution there, and replay the same way.
        const failed = err instanceof TemplateError ? templateFailure(step.next, err.message) : null;
        if (!failed || !patched('template-error-port')) throw err;
        result = failed;
      }
      visits[stepId] = (visits[stepId] ?? 0) + 1;
      stepsRun++;
      const changed = applyAssignments(scope, result.set ?? {});
      // Connects or closes an outbound call whose outcome this step decided (in the same task as the reset).
      voice.afterStep(result.connectedCall?.callId);
      lastPort = result.port;
      const batchFull = trace.add({
        stepId,
        kind: step.kind,
        at: new Date(Date.now()).toISOString(),
        port: result.port,
        changed: diffVars(before, scope, changed),
        ...(details.has(stepId) ? { detail: details.get(stepId) } : {}),
      });
      path.push({ stepId, port: result.port });
      if (batchFull) await trace.flush(!voice.active);
      activeStepId = step.next[result.port] ?? null;

      if (
        activeStepId !== null &&
        !voice.active &&
        shouldContinueAsNew(input.historyLimit ?? HISTORY_LIMIT)
      ) {
        await trace.flush(true);
        await trace.settle();
        await continueAsNew<RunFlow>(program, carriedInput(), {
          stepId: activeStepId,
          variables: scope,
          traceSeq: trace.seq,
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
    trace.add({
      stepId: activeStepId ?? 'unknown',
      kind: activeStepId ? (program.steps[activeStepId]?.kind ?? 'unknown') : 'unknown',
      at: new Date(Date.now()).toISOString(),
      port: null,
      changed: {},
      error: message,
    });
    await finish({ status: 'failed', lastStepId: activeStepId, outcome: message, variables: scope });
    // Any other error (a RangeError from a template filter…) would fail the workflow task, which
    // Temporal retries forever while the caller waits: it ends the execution as failed instead.
    // The SDK's own signals (continue-as-new, determinism errors) pass through as they are.
    if (err instanceof TemporalFailure || err instanceof ContinueAsNew || err instanceof WorkflowError)
      throw err;
    throw ApplicationFailure.nonRetryable(message, 'INTERPRETER_ERROR');
  }
};

function shouldContinueAsNew(limit: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > limit;
}
