import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ExecutionInput,
  InboundMessage,
  Scope,
  VoiceInput,
  VoiceTurnGuard,
  VoiceTurnResult,
} from '../lib/contracts/execution';
import type { FlowProgram } from '../lib/contracts/program';
import type { Resolution } from './engine/step-context';

/**
 * Every signal, update and query of the runFlow workflow, and the shape of its start: what Next and
 * the worker both import. The interpreter itself (run-flow.ts) stays out of Next's module graph.
 */
export const voiceTurnUpdate = defineUpdate<VoiceTurnResult, [VoiceInput, VoiceTurnGuard?]>('voiceTurn');
/** The voiceTurn validator's refusal of a turn for another organismo's execution (VoiceTurnGuard). */
export const FOREIGN_CALL = 'FOREIGN_CALL';
export const inboundMessageSignal = defineSignal<[InboundMessage]>('inboundMessage');
export const resolutionSignal =
  defineSignal<[{ kind: 'workItem' | 'ticket'; id: string } & Resolution]>('resolution');
export const callStatusSignal = defineSignal<[VoiceInput]>('callStatus');
export const stateQuery = defineQuery<ExecutionState>('state');

export type ExecutionState = {
  activeStepId: string | null;
  variables: Scope;
  path: { stepId: string; port: string | null }[];
  status: 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';
};

export type ResumeState = {
  stepId: string | null;
  variables: Scope;
  traceSeq: number;
  visits: Record<string, number>;
  stepsRun: number;
};

export type ExecutionOutcome = {
  status: 'completed' | 'failed' | 'cancelled';
  lastStepId: string | null;
  outcome: string | null;
  variables: Scope;
};

/** The runFlow workflow's signature, for typed starts by name (`client.workflow.start<RunFlow>('runFlow', …)`). */
export type RunFlow = (
  program: FlowProgram,
  input: ExecutionInput,
  resume?: ResumeState,
) => Promise<ExecutionOutcome>;
