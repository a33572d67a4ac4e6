import {
  type CallOutcome,
  MACHINE_DETECTION_TIMEOUT_SECONDS,
} from '../../../lib/contracts/engine-activities';
import type { OutboundCallReport } from '../../../lib/contracts/execution';

/** Queueing, Twilio's own 5 s ring buffer and webhook latency on top of ringing and detection. */
export const OUTCOME_MARGIN_SECONDS = 60;

/**
 * How long an execution waits for a placed call's outcome before it takes no_answer: the ring
 * time, the machine detection Twilio does before it asks for the first TwiML, and a margin.
 */
export function outcomeWaitMs(
  config: { timeoutSeconds: number; machineDetection: boolean },
  marginSeconds: number = OUTCOME_MARGIN_SECONDS,
): number {
  const detection = config.machineDetection ? MACHINE_DETECTION_TIMEOUT_SECONDS : 0;
  return (config.timeoutSeconds + detection + Math.max(0, marginSeconds)) * 1000;
}

/**
 * The node's port for what the execution heard. AnsweredBy (machine detection) is human, unknown,
 * machine_start, machine_end_beep/_silence/_other or fax: a machine or a fax cannot be talked to,
 * an unknown answer is treated as a person. A call that ended before its answer webhook reached
 * the flow (completed: the first TwiML request failed) never talked to anyone: failed.
 */
export function reportedOutcome(report: OutboundCallReport | null): CallOutcome {
  if (report === null) return 'no_answer';
  if (report.kind === 'answered') {
    const by = report.answeredBy ?? '';
    return by.startsWith('machine') || by === 'fax' ? 'machine' : 'answered';
  }
  switch (report.callStatus) {
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'no_answer';
    default:
      return 'failed';
  }
}
