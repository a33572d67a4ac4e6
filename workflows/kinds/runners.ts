import type { z } from 'zod';
import type { StepRunner } from '../engine/step-context';
// Types only: the registry would put every kind's definition in the workflow bundle's first evaluation.
import type { NodeKind } from './registry';

/** A kind's loader must give that kind's runner: a runner filed under the wrong kind fails the typecheck. */
type Loaders = { readonly [K in NodeKind]: () => Promise<StepRunner<z.ZodType, K>> };

/**
 * The interpreter step of every node kind, loaded on first use (the workflow bundle imports this,
 * not the definitions registry). Each workflow evaluates its own copy of the modules it loads, so
 * a call that uses four kinds builds four kinds' schemas instead of all of them: evaluating the
 * whole catalogue cost every new execution ~10 ms of the worker's workflow thread.
 * `webpackMode: "eager"` keeps them in the one bundle; the import resolves in a microtask.
 */
const LOADERS: Loaders = {
  ab_split: () => import(/* webpackMode: "eager" */ '../nodes/ab-split/run').then((m) => m.abSplitRunner),
  business_hours: () =>
    import(/* webpackMode: "eager" */ '../nodes/business-hours/run').then((m) => m.businessHoursRunner),
  classify_intent: () =>
    import(/* webpackMode: "eager" */ '../nodes/classify-intent/run').then((m) => m.classifyIntentRunner),
  create_ticket: () =>
    import(/* webpackMode: "eager" */ '../nodes/create-ticket/run').then((m) => m.createTicketRunner),
  create_work_item: () =>
    import(/* webpackMode: "eager" */ '../nodes/create-work-item/run').then((m) => m.createWorkItemRunner),
  dial_number: () =>
    import(/* webpackMode: "eager" */ '../nodes/dial-number/run').then((m) => m.dialNumberRunner),
  end: () => import(/* webpackMode: "eager" */ '../nodes/end/run').then((m) => m.endRunner),
  gather: () => import(/* webpackMode: "eager" */ '../nodes/gather/run').then((m) => m.gatherRunner),
  hang_up: () => import(/* webpackMode: "eager" */ '../nodes/hang-up/run').then((m) => m.hangUpRunner),
  http_request: () =>
    import(/* webpackMode: "eager" */ '../nodes/http-request/run').then((m) => m.httpRequestRunner),
  lookup_citizen: () =>
    import(/* webpackMode: "eager" */ '../nodes/lookup-citizen/run').then((m) => m.lookupCitizenRunner),
  place_outbound_call: () =>
    import(/* webpackMode: "eager" */ '../nodes/place-outbound-call/run').then(
      (m) => m.placeOutboundCallRunner,
    ),
  record_voicemail: () =>
    import(/* webpackMode: "eager" */ '../nodes/record-voicemail/run').then((m) => m.recordVoicemailRunner),
  say: () => import(/* webpackMode: "eager" */ '../nodes/say/run').then((m) => m.sayRunner),
  send_email: () =>
    import(/* webpackMode: "eager" */ '../nodes/send-email/run').then((m) => m.sendEmailRunner),
  send_sms: () => import(/* webpackMode: "eager" */ '../nodes/send-sms/run').then((m) => m.sendSmsRunner),
  send_whatsapp: () =>
    import(/* webpackMode: "eager" */ '../nodes/send-whatsapp/run').then((m) => m.sendWhatsappRunner),
  set_variables: () =>
    import(/* webpackMode: "eager" */ '../nodes/set-variables/run').then((m) => m.setVariablesRunner),
  split: () => import(/* webpackMode: "eager" */ '../nodes/split/run').then((m) => m.splitRunner),
  subflow: () => import(/* webpackMode: "eager" */ '../nodes/subflow/run').then((m) => m.subflowRunner),
  survey: () => import(/* webpackMode: "eager" */ '../nodes/survey/run').then((m) => m.surveyRunner),
  transfer_to_queue: () =>
    import(/* webpackMode: "eager" */ '../nodes/transfer-to-queue/run').then((m) => m.transferToQueueRunner),
  trigger_api: () =>
    import(/* webpackMode: "eager" */ '../nodes/trigger-api/run').then((m) => m.apiTriggerRunner),
  trigger_campaign_contact: () =>
    import(/* webpackMode: "eager" */ '../nodes/trigger-campaign-contact/run').then(
      (m) => m.campaignContactTriggerRunner,
    ),
  trigger_incoming_call: () =>
    import(/* webpackMode: "eager" */ '../nodes/trigger-incoming-call/run').then(
      (m) => m.incomingCallTriggerRunner,
    ),
  trigger_incoming_message: () =>
    import(/* webpackMode: "eager" */ '../nodes/trigger-incoming-message/run').then(
      (m) => m.incomingMessageTriggerRunner,
    ),
  update_citizen: () =>
    import(/* webpackMode: "eager" */ '../nodes/update-citizen/run').then((m) => m.updateCitizenRunner),
  validate_input: () =>
    import(/* webpackMode: "eager" */ '../nodes/validate-input/run').then((m) => m.validateInputRunner),
  wait_for_reply: () =>
    import(/* webpackMode: "eager" */ '../nodes/wait-for-reply/run').then((m) => m.waitForReplyRunner),
  wait: () => import(/* webpackMode: "eager" */ '../nodes/wait/run').then((m) => m.waitRunner),
};

/** Programs are JSON: their kinds are strings until checked here (own keys only, never `constructor`). */
function isRunnerKind(kind: string): kind is NodeKind {
  return Object.hasOwn(LOADERS, kind);
}

/** Every kind the interpreter can run. */
export const RUNNER_KINDS: readonly NodeKind[] = Object.keys(LOADERS).filter(isRunnerKind);

const loaded = new Map<string, StepRunner>();

/** The runner of a kind already loaded in this workflow, without a promise (the interpreter's hot path). */
export function loadedRunner(kind: string): StepRunner | undefined {
  return loaded.get(kind);
}

/** The runner of a node kind, or undefined for a kind the interpreter does not know. */
export async function loadRunner(kind: string): Promise<StepRunner | undefined> {
  const cached = loaded.get(kind);
  if (cached) return cached;
  if (!isRunnerKind(kind)) return undefined;
  const runner: StepRunner = await LOADERS[kind]();
  loaded.set(kind, runner);
  return runner;
}
