import type { TraceRecord } from './execution';
import type { FlowProgram } from './program';

export type MessageChannel = 'sms' | 'whatsapp' | 'email';

export type SendMessageInput = {
  organizationId: string;
  executionId: string;
  stepId: string;
  idempotencyKey: string;
  channel: MessageChannel;
  to: string;
  body: string;
  subject?: string;
  html?: string;
  test?: boolean;
};
export type SendMessageResult = { status: 'sent' | 'skipped_opt_out' | 'duplicate'; messageId: string };

export type PlaceCallInput = {
  organizationId: string;
  executionId: string;
  stepId: string;
  idempotencyKey: string;
  to: string;
  from?: string;
  machineDetection: boolean;
  timeoutSeconds: number;
  test?: boolean;
};
export type CallOutcome = 'answered' | 'machine' | 'no_answer' | 'busy' | 'failed';
/**
 * How long the provider may analyse who answered (Twilio's MachineDetectionTimeout): the adapter
 * asks for it and the engine waits that much longer for the outcome.
 */
export const MACHINE_DETECTION_TIMEOUT_SECONDS = 30;
/**
 * 'pending': the provider took the call and reports its outcome later (Twilio: the answer webhook
 * or a status callback), so the execution waits for it; the simulator knows it at once.
 */
export type PlaceCallResult = { callId: string; outcome: CallOutcome | 'pending' };

export type CitizenRecord = Record<string, unknown> & { id: string };

export type TicketInput = {
  organizationId: string;
  executionId: string;
  idempotencyKey: string;
  areaId: string;
  category: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  slaHours: number;
  subject: string;
  description: string;
  citizenId: string | null;
  /** From the editor's test phone or a scenario: kept apart from the work agents and areas see. */
  test?: boolean;
};

export type WorkItemInput = {
  organizationId: string;
  executionId: string;
  idempotencyKey: string;
  queueId: string;
  type: 'callback' | 'preview_call' | 'review' | 'call' | 'message';
  priority: number;
  dueAt: string | null;
  skills: string[];
  fields: { label: string; value: string }[];
  dispositions: string[];
  citizenId: string | null;
  /** From the editor's test phone or a scenario: kept apart from the work agents and areas see. */
  test?: boolean;
};

/**
 * A reference to one of the organismo's secrets inside a request, resolved only by the activity
 * (the plaintext never enters workflow history) and encoded there as the text around it was: for a
 * URL query (`url`), a header value (`header`: control characters removed), a whole JSON value
 * (`json`), the inside of a JSON string (`json-string`) or a plain-text body (`raw`).
 */
export type HttpSecretRef = { secret: string; encoding: 'url' | 'header' | 'json' | 'json-string' | 'raw' };
/** Request text as the workflow built it: literal pieces already encoded, and secret references. */
export type HttpText = string | (string | HttpSecretRef)[];

export type HttpRequestInput = {
  organizationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: HttpText;
  headers: Record<string, HttpText>;
  body: HttpText | null;
  timeoutMs: number;
  /**
   * execution:step:visit, sent as the Idempotency-Key header on requests that change something, so
   * a retried POST (the activity died after the server answered) can be recognised by the server.
   */
  idempotencyKey?: string;
};
export type HttpRequestResult = { status: number; ok: boolean; body: unknown };

/**
 * Everything the interpreter asks of the world. Implemented in ./engine.ts over PostgreSQL and
 * the channel adapters; tests inject their own to observe.
 */
export type EngineActivities = {
  openExecution(args: {
    executionId: string;
    organizationId: string;
    flowId: string;
    versionId: string;
    channel: string;
    contactRef: string | null;
    citizenId: string | null;
    test: boolean;
  }): Promise<void>;
  /** Ends the execution and writes its last trace records in the same activity (one round trip fewer). */
  closeExecution(args: {
    executionId: string;
    organizationId: string;
    trace: TraceRecord[];
    status: 'completed' | 'failed' | 'cancelled';
    outcome: string | null;
    error: string | null;
    variables: Record<string, unknown>;
  }): Promise<void>;
  recordTrace(args: { executionId: string; organizationId: string; records: TraceRecord[] }): Promise<void>;
  sendMessage(args: SendMessageInput): Promise<SendMessageResult>;
  placeCall(args: PlaceCallInput): Promise<PlaceCallResult>;
  /** The outcome an execution took for a call it placed, on the call's outbox row (once, monotonic). */
  recordCallOutcome(args: {
    organizationId: string;
    idempotencyKey: string;
    outcome: CallOutcome;
  }): Promise<void>;
  lookupCitizen(args: { by: 'phone' | 'dni' | 'email'; value: string }): Promise<CitizenRecord | null>;
  updateCitizen(args: {
    organizationId: string;
    citizenId: string;
    fields: Record<string, string>;
    consents: { channel: string; status: 'granted' | 'opted_out' }[];
  }): Promise<void>;
  /** `number` is the ticket's short number in its organismo (absent in results recorded before it). */
  createTicket(args: TicketInput): Promise<{ ticketId: string; number?: number }>;
  createWorkItem(args: WorkItemInput): Promise<{ workItemId: string }>;
  httpRequest(args: HttpRequestInput): Promise<HttpRequestResult>;
  businessHoursStatus(args: {
    organizationId: string;
    scheduleId: string;
    at: string;
  }): Promise<{ status: 'open' | 'closed' | 'holiday'; holidayName: string | null }>;
  nextOpenTime(args: { organizationId: string; scheduleId: string; from: string }): Promise<string | null>;
  loadSubflow(args: {
    organizationId: string;
    flowId: string;
    version: number | 'latest';
  }): Promise<FlowProgram>;
  /** Routes the next inbound message from `address` to this execution (wait for reply). */
  expectReply(args: {
    organizationId: string;
    executionId: string;
    address: string;
    timeoutMs: number;
  }): Promise<void>;
  recordSurvey(args: {
    organizationId: string;
    executionId: string;
    stepId: string;
    scale: 'csat' | 'nps';
    score: number;
    citizenId: string | null;
  }): Promise<void>;
};
