import { CancellationScope, condition, patched, sleep } from '@temporalio/workflow';
import type { VoiceInput, VoiceInstruction, VoiceTurnResult } from '../../lib/contracts/execution';
import { CallEndedError } from './call-ended';
import type { createOutboundCalls } from './outbound-calls';
import type { StepContext } from './step-context';

/** Twilio ends calls after 4 hours; past that a silent call is over for the execution too. */
const MAX_CALL_MS = 4 * 60 * 60 * 1000;

export type VoiceSession = ReturnType<typeof createVoiceSession>;

/**
 * The call an execution is talking to, turn by turn: each voiceTurn update hands in what the caller
 * did and gets back the prompt the interpreter yields next (`ctx.voice.ask`). Status callbacks and
 * the call-duration guard end it; an answered outbound call starts it over as a new call.
 * Deterministic: workflow code only.
 */
export function createVoiceSession(opts: {
  /** An inbound call: voice from the first turn on (else from an answered outbound call). */
  active: boolean;
  outbound: ReturnType<typeof createOutboundCalls>;
  /** The execution's state, for the update that arrives after it is over. */
  running(): boolean;
  activeStepId(): string | null;
  /** A turn came back: the step budget counts from here again. */
  waited(): void;
}) {
  const { outbound } = opts;
  let active = opts.active;
  const inputs: VoiceInput[] = [];
  const yields: VoiceTurnResult[] = [];
  let outbox: VoiceInstruction[] = [];
  let turnsRequested = 0;
  let callEnded = false;
  let callsStarted = 0;
  // A voice turn wakes whoever waits on it directly instead of through condition(): the caller's
  // answer, the next prompt and the update's reply then happen in one pass into the workflow sandbox
  // (the SDK re-enters it once per condition that comes true, each time at a cost).
  const waiters: (() => void)[] = [];
  const changed = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  // One patch for the voice-turn changes (one marker per call): the row written beside the
  // first prompt, turns woken directly, the execution closed after the goodbye. Histories from
  // before it replay as they ran (condition() orders a turn's reply after the step's commands).
  let turnsV2: boolean | undefined;
  const voicePatch = () => {
    turnsV2 ??= patched('voice-turns-v2');
    return turnsV2;
  };
  const untilVoice = async (ready: () => boolean): Promise<void> => {
    if (!voicePatch()) return condition(ready);
    while (!ready()) {
      await new Promise<void>((resolve, reject) => {
        waiters.push(resolve);
        CancellationScope.current().cancelRequested.catch(reject);
      });
    }
  };
  const guardCallDuration = () => {
    const call = callsStarted++;
    // Cancelling the execution cancels this timer too: that rejection is expected, not a failure.
    void sleep(MAX_CALL_MS).then(
      () => {
        if (callsStarted === call + 1) callEnded = true;
        changed();
      },
      () => undefined,
    );
  };

  return {
    /** True once the execution talks to a call (inbound, or an answered outbound one). */
    get active(): boolean {
      return active;
    },

    /** The voice-turns-v2 patch, asked once per execution (one marker). */
    turnsV2: voicePatch,

    /** Starts the timer that ends a call left silent past Twilio's own limit. */
    guardCallDuration,

    /** The callStatus signal: a status callback of the call, or of an outbound call this execution placed. */
    onCallStatus(s: VoiceInput): void {
      if (s.outboundCall) {
        if (outbound.onStatus(s.outboundCall.callSid, s.callStatus)) callEnded = true;
        changed();
        return;
      }
      if (s.callStatus && s.callStatus !== 'in-progress') callEnded = true;
      changed();
    },

    /** The voiceTurn update: what the caller did since the last prompt in, the next prompt out. */
    async onTurn(turn: VoiceInput): Promise<VoiceTurnResult> {
      if (turn.outboundCall) {
        // The answer webhook of a call this execution placed: turn 1 of that call, once it is connected.
        const { callSid, answeredBy } = turn.outboundCall;
        const connected = await outbound.onAnswer(callSid, answeredBy ?? null, opts.running);
        if (!connected)
          return { instructions: [{ type: 'hangup' }], ended: true, activeStepId: opts.activeStepId() };
      }
      const k = ++turnsRequested;
      if (k > 1) {
        if (turn.callStatus && turn.callStatus !== 'in-progress') callEnded = true;
        else inputs.push(turn);
        changed();
      }
      await untilVoice(() => yields.length >= k || !opts.running() || callEnded);
      return (
        yields[k - 1] ?? {
          instructions: [{ type: 'hangup' }],
          ended: true,
          activeStepId: opts.activeStepId(),
        }
      );
    },

    /** What one step sees as `ctx.voice`. */
    forStep(stepId: string): StepContext['voice'] {
      return {
        get active() {
          return active;
        },
        emit: (instruction) => void outbox.push(instruction),
        ask: async (instruction) => {
          yields.push({ instructions: [...outbox, instruction], ended: false, activeStepId: stepId });
          outbox = [];
          changed();
          // No trace write and no timer per prompt: each would cost the caller an extra workflow task.
          await untilVoice(() => inputs.length > 0 || callEnded);
          opts.waited();
          const answer = callEnded ? undefined : inputs.shift();
          if (!answer) throw new CallEndedError();
          return answer;
        },
        finish: (instruction) => {
          yields.push({ instructions: [...outbox, instruction], ended: true, activeStepId: stepId });
          outbox = [];
          callEnded = true;
          changed();
        },
      };
    },

    /**
     * After every step: settles the outbound calls it decided. When the step connected one, that
     * call is a new call: its first webhook is turn 1 again, with nothing carried over from before.
     */
    afterStep(connectedCallId: string | undefined): void {
      const hungUpAlready = outbound.settle(connectedCallId);
      if (connectedCallId === undefined) return;
      active = true;
      guardCallDuration();
      turnsRequested = 0;
      yields.length = 0;
      inputs.length = 0;
      outbox = [];
      callEnded = hungUpAlready;
      changed();
    },

    /** The execution is over: a call still on the line gets what was queued and a hang-up. */
    end(): void {
      if (active && !callEnded) {
        yields.push({ instructions: [...outbox, { type: 'hangup' }], ended: true, activeStepId: null });
        callEnded = true;
      }
      changed();
    },
  };
}
