import type { z } from 'zod';
import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type {
  ExecutionInput,
  InboundMessage,
  OutboundCallReport,
  StepResult,
  VoiceInput,
  VoiceInstruction,
} from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';
import type { RegexMatcher } from '../dsl/conditions';
import type { NodeDefinition } from '../dsl/node-definition';
import type { Scope } from '../dsl/template';
import type { TestMocks } from './test-mocks';

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

export type Resolution = { outcome: string; data?: Record<string, unknown> };

/**
 * What an interpreter step may do. The workflow implements it with Temporal's deterministic
 * primitives; steps stay plain TypeScript and never import @temporalio/workflow.
 */
export type StepContext = {
  stepId: string;
  input: ExecutionInput;
  program: FlowProgram;
  scope(): Scope;
  /** Throws TemplateError when a filter cannot format its value (runFlow: the step's failed port). */
  render(template: string): string;
  /** The engine of `matches` conditions: linear-time (re2js), loaded on first use. */
  regexMatcher(): Promise<RegexMatcher>;
  now(): Date;
  random(): number;
  /** A test run's mocks; null (or absent) for every real execution. */
  mocks?: TestMocks | null;
  /** Durable timer (weeks are fine). */
  sleep(ms: number): Promise<void>;
  /** execution + step + visit: the same on a retried activity, different on a loop's next pass. */
  idempotencyKey(): string;
  /** Regular activities (retried) and local ones (fast, for lookups inside a voice turn). */
  activities: EngineActivities;
  local: EngineActivities;
  /** Runs an activity and reports failure instead of throwing (after its retries). */
  attempt<T>(run: () => Promise<T>): Promise<Attempt<T>>;
  /** Adds what the step did to its trace record (an HTTP node's request as sent); the last call wins. */
  describe(detail: Record<string, unknown>): void;
  /** Side effects that must not hold up a caller's next prompt; awaited before the execution ends. */
  background(run: () => Promise<unknown>): void;
  voice: {
    active: boolean;
    /** Queue a say/play for the caller's next prompt. */
    emit(instruction: VoiceInstruction): void;
    /** Send everything queued plus this prompt and wait for the caller's answer (throws CallEndedError). */
    ask(instruction: VoiceInstruction): Promise<VoiceInput>;
    /** Send a final instruction (hang up); the call's turns are over. */
    finish(instruction: VoiceInstruction): void;
  };
  /** The next inbound message for this execution, or null after the timeout. */
  waitForMessage(timeoutMs: number): Promise<InboundMessage | null>;
  /** A work item's disposition or a ticket's resolution, or null after the timeout. */
  waitForResolution(kind: 'workItem' | 'ticket', id: string, timeoutMs: number): Promise<Resolution | null>;
  /**
   * Durable wait for an outbound call's answer webhook or final status callback, or null after the
   * timeout. Reports that arrived before the wait began count; later ones for this call are ignored.
   * An answer must be followed by `connectedCall` for that call in the step's result.
   */
  awaitCallOutcome(callId: string, timeoutMs: number): Promise<OutboundCallReport | null>;
  runSubflow(program: FlowProgram, variables: Scope): Promise<{ status: string; variables: Scope }>;
};

export type StepRunner<S extends z.ZodType = z.ZodType, K extends string = string> = {
  definition: NodeDefinition<S, K>;
  run(config: z.output<S>, ctx: StepContext): Promise<StepResult>;
};

export function defineRunner<S extends z.ZodType, K extends string>(
  definition: NodeDefinition<S, K>,
  run: (config: z.output<S>, ctx: StepContext) => Promise<StepResult>,
): StepRunner<S, K> {
  return { definition, run };
}
