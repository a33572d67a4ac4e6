import type { VoiceInput } from '@/lib/contracts/execution';

/** Form parameters of a Twilio voice webhook (all strings; absent ones are missing). */
export type TwilioParams = Record<string, string>;

const CALL_STATUSES = ['in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * What the caller did, from a Gather/Record/Dial/Enqueue callback. Twilio's empty Gather result
 * (actionOnEmptyResult) has no Digits and no SpeechResult: the flow's "no input" path.
 * Dial reports DialCallStatus, Enqueue reports QueueResult (bridged, hangup, leave, queue-full,
 * error, system-shutdown); both become `dialStatus`.
 */
export function voiceInputFrom(params: TwilioParams): VoiceInput {
  const input: VoiceInput = {};
  const digits = text(params.Digits);
  if (digits) input.digits = digits;
  const speech = text(params.SpeechResult);
  if (speech) {
    input.speech = speech;
    const confidence = Number(params.Confidence);
    if (params.Confidence && Number.isFinite(confidence)) input.confidence = confidence;
  }
  const recordingUrl = text(params.RecordingUrl);
  if (recordingUrl) {
    input.recordingUrl = recordingUrl;
    const seconds = Number(params.RecordingDuration);
    if (params.RecordingDuration && Number.isFinite(seconds)) input.recordingDurationSeconds = seconds;
  }
  const dialStatus = text(params.DialCallStatus) ?? text(params.QueueResult);
  if (dialStatus) input.dialStatus = dialStatus;
  return input;
}

/** A status callback's CallStatus when it is one the engine understands (queued, ringing… are not). */
export function callStatusFrom(params: TwilioParams): CallStatus | null {
  const status = params.CallStatus;
  return CALL_STATUSES.find((s) => s === status) ?? null;
}

/**
 * Our number on the call: the caller id for the calls Cauce placed (their URLs carry the signed
 * `?outbound=` token), else the called one. Never the form's Direction: it is not signed by anyone
 * but the account whose key it would pick, so it cannot choose that key.
 */
export function ownNumberOf(params: TwilioParams, query: URLSearchParams): string {
  return query.has('outbound') ? (params.From ?? '') : (params.To ?? '');
}

/** The parameters of the caller's answer, so a redirect after a timeout can carry them again. */
export const ANSWER_PARAMS = [
  'Digits',
  'SpeechResult',
  'Confidence',
  'RecordingUrl',
  'RecordingDuration',
  'DialCallStatus',
  'QueueResult',
] as const;

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
