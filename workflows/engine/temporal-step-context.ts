import {
  ActivityFailure,
  ChildWorkflowFailure,
  condition,
  executeChild,
  patched,
  sleep,
} from '@temporalio/workflow';
import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type { ExecutionInput, InboundMessage, Scope } from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';
import { backtrackingMatches } from '../dsl/conditions';
import type { RunFlow } from '../messages';
import type { createOutboundCalls } from './outbound-calls';
import { replyAddressOf } from './scope';
import type { Attempt, Resolution, StepContext } from './step-context';
import type { TestMocks } from './test-mocks';
import type { TraceBuffer } from './trace-buffer';
import type { VoiceSession } from './voice-session';

/** What an execution has received and not yet consumed: replies (signals) and resolutions by `kind:id`. */
export type Inbox = { messages: InboundMessage[]; resolutions: Map<string, Resolution> };

/**
 * The StepContext of runFlow, built on Temporal's primitives: durable timers and waits (each
 * writes the buffered trace first), activities, subflows as child executions, and the call.
 */
export function createStepContexts(run: {
  program: FlowProgram;
  input: ExecutionInput;
  workflowId: string;
  scope: Scope;
  /** Renders a template against the scope (in the execution's time zone). */
  render(template: string): string;
  /** Milliseconds a test run's mocked clock is ahead of workflow time (0 otherwise). */
  clock: number;
  mocks: TestMocks | null;
  /** The step's activities: a test run's mocks answer some of them. */
  activities: EngineActivities;
  local: EngineActivities;
  visits: Record<string, number>;
  inbox: Inbox;
  trace: TraceBuffer;
  voice: VoiceSession;
  outbound: ReturnType<typeof createOutboundCalls>;
  /** A durable wait ended: the step budget counts from here again. */
  waited(): void;
  /** What a step said it did, for its trace record. */
  describe(stepId: string, detail: Record<string, unknown>): void;
  /** The input a subflow's execution starts from (a mocked clock goes on from where it is). */
  carriedInput(): ExecutionInput;
}): (stepId: string) => StepContext {
  const { program, input, scope, clock, visits, inbox, trace, voice, waited } = run;
  return (stepId) => ({
    stepId,
    input,
    program,
    scope: () => scope,
    render: run.render,
    // Executions recorded before the linear engine replay their splits with the engine they ran with.
    regexMatcher: async () =>
      patched('linear-regex')
        ? (await import(/* webpackMode: "eager" */ '../dsl/linear-regex')).linearMatches
        : backtrackingMatches,
    now: () => new Date(Date.now() + clock),
    random: Math.random,
    sleep: async (ms) => {
      await trace.flush(!voice.active);
      await sleep(Math.max(0, ms));
      waited();
    },
    idempotencyKey: () => `${input.executionId}:${stepId}:${visits[stepId] ?? 0}`,
    activities: run.activities,
    local: run.local,
    mocks: run.mocks,
    attempt: async <T>(work: () => Promise<T>): Promise<Attempt<T>> => {
      try {
        return { ok: true, value: await work() };
      } catch (err) {
        if (err instanceof ActivityFailure) return { ok: false, error: err.cause?.message ?? err.message };
        throw err;
      }
    },
    describe: (detail) => run.describe(stepId, detail),
    background: (work) => trace.track(work().catch(() => undefined)),
    voice: voice.forStep(stepId),
    waitForMessage: async (timeoutMs) => {
      await trace.flush(true);
      const address = replyAddressOf(scope);
      if (address) {
        await run.local.expectReply({
          organizationId: input.organizationId,
          executionId: input.executionId,
          address,
          timeoutMs,
        });
      }
      const arrived = await condition(() => inbox.messages.length > 0, timeoutMs);
      waited();
      return arrived ? (inbox.messages.shift() ?? null) : null;
    },
    waitForResolution: async (kind, id, timeoutMs) => {
      await trace.flush(true);
      const key = `${kind}:${id}`;
      const arrived = await condition(() => inbox.resolutions.has(key), timeoutMs);
      waited();
      return arrived ? (inbox.resolutions.get(key) ?? null) : null;
    },
    awaitCallOutcome: async (callId, timeoutMs) => {
      // Before the patch a call the provider had only queued was taken as answered at once.
      if (!patched('outbound-call-outcome')) return { kind: 'answered', answeredBy: null };
      await trace.flush(!voice.active);
      const report = await run.outbound.awaitOutcome(callId, timeoutMs);
      waited();
      return report;
    },
    runSubflow: async (child, variables) => {
      await trace.flush(true);
      const visit = visits[stepId] ?? 0;
      try {
        // By name, as Next starts runFlow: this module does not import the workflow it serves.
        const result = await executeChild<RunFlow>('runFlow', {
          workflowId: `${run.workflowId}-sub-${stepId}-${visit}`,
          args: [
            child,
            { ...run.carriedInput(), executionId: `${input.executionId}-sub-${stepId}-${visit}`, variables },
          ],
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
}
