import 'server-only';
import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import type { VoiceInstruction, VoiceTurnResult } from '@/lib/contracts/execution';
import { VOICES } from '@/lib/voices';

/** Spanish voice and language used when an instruction names one Twilio does not offer. */
export const DEFAULT_VOICE = 'Polly.Mia-Neural';
export const DEFAULT_LANGUAGE = 'es-MX';

type SayVoice = NonNullable<VoiceResponse.SayAttributes['voice']>;
type SayLanguage = NonNullable<VoiceResponse.SayAttributes['language']>;
type GatherLanguage = NonNullable<VoiceResponse.GatherAttributes['language']>;

const SAY_VOICES: readonly SayVoice[] = VOICES.map((v) => v.id);
const SAY_LANGUAGES: readonly SayLanguage[] = ['es-MX', 'es-US', 'es-ES', 'en-US'];
const GATHER_LANGUAGES: readonly GatherLanguage[] = ['es-AR', 'es-MX', 'es-US', 'es-ES', 'en-US'];

/** Verbs after which Twilio requests our action URL, so the engine gets the next turn. */
const POSTS_BACK = new Set<VoiceInstruction['type']>(['gather', 'record', 'enqueue', 'dial']);

export type TwimlOptions = {
  /** Absolute URL Twilio posts the caller's answer to (…/api/twilio/gather?seq=<n>). */
  actionUrl: string;
  /** Where Twilio reports a <Record>'s finished recording (…/api/twilio/recording?ref=…). */
  recordingStatusCallback?: string;
  /**
   * A dial the platform refused (dial-guard.ts): instead of <Dial>, a redirect to the action URL
   * carrying this DialCallStatus, so the flow takes the step's failed port with the reason.
   */
  refusedDial?: string;
};

/**
 * Renders one engine turn as TwiML. Every document ends in control: a verb that posts back to
 * `actionUrl`, or <Hangup/>; instructions after the first verb that posts back are unreachable
 * (Twilio leaves the document when it requests the action), so they are dropped.
 */
export function renderTwiml(result: VoiceTurnResult, opts: TwimlOptions): string {
  const response = new twilio.twiml.VoiceResponse();
  let postsBack = false;
  for (const instruction of result.instructions) {
    if (instruction.type === 'hangup') break;
    appendInstruction(response, instruction, opts);
    if (POSTS_BACK.has(instruction.type)) {
      postsBack = true;
      break;
    }
  }
  if (!postsBack) response.hangup();
  return response.toString();
}

/** A short Spanish message and the end of the call (unknown number, engine failure). */
export function sayAndHangUp(text: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say({ voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE }, text);
  response.hangup();
  return response.toString();
}

/** A short Spanish message, then Twilio requests `url` again (POST) with the call's parameters. */
export function sayAndRedirect(text: string, url: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say({ voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE }, text);
  response.redirect({ method: 'POST' }, url);
  return response.toString();
}

/** A document that does nothing: the answer to status callbacks, whose body Twilio ignores. */
export function emptyTwiml(): string {
  return new twilio.twiml.VoiceResponse().toString();
}

function appendInstruction(response: VoiceResponse, instruction: VoiceInstruction, opts: TwimlOptions): void {
  switch (instruction.type) {
    case 'say':
      // An empty <Say> is an error for Twilio (a template that rendered to nothing).
      if (instruction.text.trim()) response.say(sayAttributes(instruction), instruction.text);
      return;
    case 'play':
      response.play({}, instruction.url);
      return;
    case 'gather': {
      const gather = response.gather({
        input: instruction.input,
        action: opts.actionUrl,
        method: 'POST',
        // Without it Twilio falls through to the next verb on silence; the flow owns the "no input" path.
        actionOnEmptyResult: true,
        timeout: instruction.timeoutSeconds,
        language: pick(GATHER_LANGUAGES, instruction.language, DEFAULT_LANGUAGE),
        ...(instruction.numDigits !== undefined ? { numDigits: instruction.numDigits } : {}),
        ...(instruction.finishOnKey !== undefined ? { finishOnKey: instruction.finishOnKey } : {}),
        ...(instruction.input.includes('speech') && instruction.hints && instruction.hints.length > 0
          ? { hints: instruction.hints.map((h) => h.replace(/,/g, ' ')).join(',') }
          : {}),
      });
      for (const part of instruction.prompt) {
        // Only Say, Play and Pause may be nested in <Gather>.
        if (part.type === 'say' && part.text.trim()) gather.say(sayAttributes(part), part.text);
        else if (part.type === 'play') gather.play({}, part.url);
      }
      return;
    }
    case 'record':
      response.record({
        action: opts.actionUrl,
        method: 'POST',
        maxLength: instruction.maxLengthSeconds,
        finishOnKey: instruction.finishOnKey,
        playBeep: instruction.playBeep,
        // The action's RecordingUrl may not be ready yet; this callback says when it is, with its SID.
        ...(opts.recordingStatusCallback
          ? {
              recordingStatusCallback: opts.recordingStatusCallback,
              recordingStatusCallbackMethod: 'POST',
              recordingStatusCallbackEvent: ['completed'],
            }
          : {}),
      });
      // Twilio skips the action when nothing was recorded; this hands the empty result to the flow.
      response.redirect({ method: 'POST' }, opts.actionUrl);
      return;
    case 'enqueue':
      if (instruction.holdMessage.trim())
        response.say({ voice: DEFAULT_VOICE, language: DEFAULT_LANGUAGE }, instruction.holdMessage);
      // The work item's id names a queue of one caller, so the agent who takes the item bridges this call.
      response.enqueue(
        {
          action: opts.actionUrl,
          method: 'POST',
          ...(instruction.waitUrl ? { waitUrl: instruction.waitUrl, waitUrlMethod: 'POST' } : {}),
        },
        instruction.workItemId || instruction.queueId,
      );
      return;
    case 'dial':
      if (opts.refusedDial) {
        const url = new URL(opts.actionUrl);
        url.searchParams.set('DialCallStatus', opts.refusedDial);
        response.redirect({ method: 'POST' }, url.toString());
        return;
      }
      response.dial(
        {
          action: opts.actionUrl,
          method: 'POST',
          timeout: instruction.timeoutSeconds,
          ...(instruction.callerId ? { callerId: instruction.callerId } : {}),
        },
        instruction.number,
      );
      return;
    case 'hangup':
      response.hangup();
      return;
  }
}

function sayAttributes(instruction: { voice: string; language: string }): VoiceResponse.SayAttributes {
  return {
    voice: pick(SAY_VOICES, instruction.voice, DEFAULT_VOICE),
    language: pick(SAY_LANGUAGES, instruction.language, DEFAULT_LANGUAGE),
  };
}

function pick<T extends string>(allowed: readonly T[], value: string, fallback: T): T {
  return allowed.find((a) => a === value) ?? fallback;
}
