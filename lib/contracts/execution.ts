import type { TestMocks } from './test-mocks-schema';

/** Variables an execution sees: contact, call, message, input, vars, execution. */
export type Scope = Record<string, unknown>;

/** Channel-neutral voice instructions; the Twilio adapter renders them as TwiML, the test phone as text. */
export type VoiceInstruction =
  | { type: 'say'; text: string; voice: string; language: string }
  | { type: 'play'; url: string }
  | {
      type: 'gather';
      input: ('dtmf' | 'speech')[];
      timeoutSeconds: number;
      numDigits?: number;
      finishOnKey?: string;
      hints?: string[];
      language: string;
      prompt: VoiceInstruction[];
      options: { key: string; label: string }[];
    }
  | { type: 'record'; maxLengthSeconds: number; finishOnKey: string; playBeep: boolean }
  | { type: 'enqueue'; queueId: string; workItemId: string; holdMessage: string; waitUrl?: string }
  | { type: 'dial'; number: string; timeoutSeconds: number; callerId?: string }
  | { type: 'hangup' };

/** What the caller did since the last prompt (one voiceTurn update). */
export type VoiceInput = {
  digits?: string;
  speech?: string;
  confidence?: number;
  recordingUrl?: string;
  recordingDurationSeconds?: number;
  /** Set when the call ended or changed state (status callback or the test phone's hang-up). */
  callStatus?: 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  /** Result of a <Dial> or <Enqueue>. */
  dialStatus?: string;
  /**
   * An outbound call this execution placed, reporting on itself: its answer webhook (the first
   * voiceTurn, with Twilio's AnsweredBy when machine detection was on) or a status callback signal.
   */
  outboundCall?: { callSid: string; answeredBy?: string };
};

/**
 * What the webhook knows about who may talk to the call (the voiceTurn update's second argument):
 * the organismo whose number's key verified the request. The workflow's update validator refuses
 * a turn for another organismo's execution before it is accepted, so nothing is recorded.
 */
export type VoiceTurnGuard = { organizationId?: string };

/** What an execution heard about an outbound call it waits on; null from the wait means nothing in time. */
export type OutboundCallReport =
  | { kind: 'answered'; answeredBy: string | null }
  | { kind: 'ended'; callStatus: NonNullable<VoiceInput['callStatus']> };

export type VoiceTurnResult = {
  instructions: VoiceInstruction[];
  ended: boolean;
  activeStepId: string | null;
};

/** An inbound message for an execution that waits for a reply. */
export type InboundMessage = {
  from: string;
  body: string;
  channel: 'sms' | 'whatsapp';
  receivedAt: string;
  /** The provider's id (Twilio's MessageSid): a message signalled twice is taken once. */
  sid?: string;
};

export type ExecutionInput = {
  executionId: string;
  organizationId: string;
  channel: 'voice' | 'sms' | 'whatsapp' | 'email' | 'api' | 'campaign';
  timeZone: string;
  /** Initial variables: input.* (API fields), call.* (from, to, sid), message.*, contact.* */
  variables: Scope;
  /** Draft runs from the editor's test phone: simulator channels, no published version. */
  test?: boolean;
  /** What a test run pretends (clock, business hours, queues, HTTP); ignored unless `test`. */
  mocks?: TestMocks;
  /** History events before continuing as new (default 8000); tests lower it. */
  historyLimit?: number;
  /** Seconds an outbound call's outcome may take beyond ringing and machine detection (default 60); tests lower it. */
  callOutcomeMarginSeconds?: number;
};

/**
 * Outcome of one step: the port to follow and variables to set. `connectedCall` says an outbound
 * call was answered: from here on the execution talks to that call through voiceTurn updates.
 */
export type StepResult = { port: string; set?: Record<string, unknown>; connectedCall?: { callId: string } };

export type TraceRecord = {
  seq: number;
  stepId: string;
  kind: string;
  at: string;
  port: string | null;
  changed: Record<string, unknown>;
  error?: string;
  /** What the step did beyond variables (an HTTP node's request as sent, secrets masked). */
  detail?: Record<string, unknown>;
};
