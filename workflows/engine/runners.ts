import { abSplitRunner } from '../nodes/ab-split/run';
import { businessHoursRunner } from '../nodes/business-hours/run';
import { classifyIntentRunner } from '../nodes/classify-intent/run';
import { createTicketRunner } from '../nodes/create-ticket/run';
import { createWorkItemRunner } from '../nodes/create-work-item/run';
import { dialNumberRunner } from '../nodes/dial-number/run';
import { endRunner } from '../nodes/end/run';
import { gatherRunner } from '../nodes/gather/run';
import { hangUpRunner } from '../nodes/hang-up/run';
import { httpRequestRunner } from '../nodes/http-request/run';
import { lookupCitizenRunner } from '../nodes/lookup-citizen/run';
import { placeOutboundCallRunner } from '../nodes/place-outbound-call/run';
import { recordVoicemailRunner } from '../nodes/record-voicemail/run';
import { sayRunner } from '../nodes/say/run';
import { sendEmailRunner } from '../nodes/send-email/run';
import { sendSmsRunner } from '../nodes/send-sms/run';
import { sendWhatsappRunner } from '../nodes/send-whatsapp/run';
import { setVariablesRunner } from '../nodes/set-variables/run';
import { splitRunner } from '../nodes/split/run';
import { subflowRunner } from '../nodes/subflow/run';
import { surveyRunner } from '../nodes/survey/run';
import { transferToQueueRunner } from '../nodes/transfer-to-queue/run';
import { apiTriggerRunner } from '../nodes/trigger-api/run';
import { campaignContactTriggerRunner } from '../nodes/trigger-campaign-contact/run';
import { incomingCallTriggerRunner } from '../nodes/trigger-incoming-call/run';
import { incomingMessageTriggerRunner } from '../nodes/trigger-incoming-message/run';
import { updateCitizenRunner } from '../nodes/update-citizen/run';
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
  businessHoursRunner,
  abSplitRunner,
  httpRequestRunner,
  subflowRunner,
  classifyIntentRunner,
  createTicketRunner,
  createWorkItemRunner,
  recordVoicemailRunner,
  transferToQueueRunner,
  dialNumberRunner,
  placeOutboundCallRunner,
  sendWhatsappRunner,
  sendEmailRunner,
  lookupCitizenRunner,
  updateCitizenRunner,
  surveyRunner,
];

const BY_KIND = new Map(RUNNERS.map((r) => [r.definition.kind, r]));

export function findRunner(kind: string): StepRunner | undefined {
  return BY_KIND.get(kind);
}
