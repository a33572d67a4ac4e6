import { condition } from '@temporalio/workflow';
import type { OutboundCallReport, VoiceInput } from '../../lib/contracts/execution';

type CallStatus = NonNullable<VoiceInput['callStatus']>;

/**
 * open: placed (or not yet awaited); decided: the waiting step has its outcome; connected: the
 * execution talks to this call; closed: the execution is done with it (a later report is late).
 */
type Report = {
  state: 'open' | 'decided' | 'connected' | 'closed';
  answer?: { answeredBy: string | null };
  ended?: CallStatus;
};

/**
 * What one execution knows about the outbound calls it placed, fed by the answer webhook (an
 * update) and status callbacks (signals) and read by the place-outbound-call step. The first
 * answer or final status of a call counts; anything after the call is decided is ignored, except
 * the hang-up of the call the execution is talking to. Deterministic: workflow code only.
 */
export function createOutboundCalls() {
  const reports = new Map<string, Report>();
  let current: string | null = null;
  const reportOf = (callSid: string): Report => {
    let report = reports.get(callSid);
    if (!report) {
      report = { state: 'open' };
      reports.set(callSid, report);
    }
    return report;
  };

  return {
    /** A status callback; true when it ends the call the execution is talking to. */
    onStatus(callSid: string, status: VoiceInput['callStatus']): boolean {
      if (!status || status === 'in-progress') return false;
      const report = reportOf(callSid);
      if (report.state === 'open' || report.state === 'decided') {
        report.ended ??= status;
        return false;
      }
      return report.state === 'connected' && current === callSid;
    },

    /**
     * The answer webhook: holds the first turn until the execution connects this call (true) or
     * is done with it, or the call already ended (false: hang up). A late answer, after the wait
     * gave up, is refused at once.
     */
    async onAnswer(callSid: string, answeredBy: string | null, running: () => boolean): Promise<boolean> {
      const report = reportOf(callSid);
      if (report.state === 'closed' || report.state === 'connected') return false;
      report.answer ??= { answeredBy };
      await condition(() => report.state === 'connected' || report.state === 'closed' || !running());
      // Connected but already hung up (its completed status came first): nothing to say to it.
      return stateOf(report) === 'connected' && report.ended === undefined;
    },

    /** The step's wait: what was heard (before or during the wait), or null after `timeoutMs`. */
    async awaitOutcome(callSid: string, timeoutMs: number): Promise<OutboundCallReport | null> {
      const report = reportOf(callSid);
      if (report.state === 'open') {
        await condition(() => report.answer !== undefined || report.ended !== undefined, timeoutMs);
      }
      report.state = 'decided';
      if (report.answer) return { kind: 'answered', answeredBy: report.answer.answeredBy };
      if (report.ended) return { kind: 'ended', callStatus: report.ended };
      return null;
    },

    /**
     * After every step: a decided call is connected when the step connected it (and it was
     * answered), else closed. True when the connected call already hung up before its first prompt.
     */
    settle(connectedCallId: string | undefined): boolean {
      let endedAlready = false;
      for (const [callSid, report] of reports) {
        if (report.state !== 'decided') continue;
        if (callSid === connectedCallId && report.answer) {
          report.state = 'connected';
          current = callSid;
          endedAlready = report.ended !== undefined;
        } else {
          report.state = 'closed';
        }
      }
      return endedAlready;
    },
  };
}

// Read through a call, so the compiler does not keep a narrowing from before an await.
function stateOf(report: Report): Report['state'] {
  return report.state;
}
