import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CampaignControl, CampaignPacing, CampaignRunInput } from '../lib/contracts/campaign';
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

/** Pause, resume, cancel or re-pace a running campaign: applied by its workflow within 2 s. */
export const campaignControlUpdate = defineUpdate<CampaignRunState, [CampaignControl]>('campaignControl');
export const campaignStateQuery = defineQuery<CampaignRunState>('campaignState');

/** What the campaign workflow reports of itself (the counters the pages show live in PostgreSQL). */
export type CampaignRunState = {
  status: 'running' | 'paused' | 'waiting_window' | 'cancelled' | 'completed';
  pacing: CampaignPacing;
  /** Attempts per second this campaign may start now: its share of the platform's rate. */
  shareRate: number;
  inFlight: number;
};

/** The campaign workflow's signature, for typed starts by name. */
export type CampaignRun = (input: CampaignRunInput, carry?: CampaignCarry) => Promise<void>;

/** What one run of the campaign workflow hands the next across continue-as-new. */
export type CampaignCarry = {
  paused: boolean;
  pacing: CampaignPacing;
  engine: 'batch' | 'per_contact';
  startAt: number;
};
