import { endRunner } from '../nodes/end/run';
import { gatherRunner } from '../nodes/gather/run';
import { hangUpRunner } from '../nodes/hang-up/run';
import { sayRunner } from '../nodes/say/run';
import { sendSmsRunner } from '../nodes/send-sms/run';
import { setVariablesRunner } from '../nodes/set-variables/run';
import { splitRunner } from '../nodes/split/run';
import { apiTriggerRunner } from '../nodes/trigger-api/run';
import { campaignContactTriggerRunner } from '../nodes/trigger-campaign-contact/run';
import { incomingCallTriggerRunner } from '../nodes/trigger-incoming-call/run';
import { incomingMessageTriggerRunner } from '../nodes/trigger-incoming-message/run';
import { waitRunner } from '../nodes/wait/run';
import { waitForReplyRunner } from '../nodes/wait-for-reply/run';
import type { StepRunner } from './step-context';

/** The interpreter step of every node kind (the workflow bundle imports this, not the definitions registry). */
export const RUNNERS: readonly StepRunner[] = [
  apiTriggerRunner,
  incomingCallTriggerRunner,
  incomingMessageTriggerRunner,
  campaignContactTriggerRunner,
  sayRunner,
  gatherRunner,
  hangUpRunner,
  sendSmsRunner,
  waitForReplyRunner,
  setVariablesRunner,
  splitRunner,
  waitRunner,
  endRunner,
];

const BY_KIND = new Map(RUNNERS.map((r) => [r.definition.kind, r]));

export function findRunner(kind: string): StepRunner | undefined {
  return BY_KIND.get(kind);
}
