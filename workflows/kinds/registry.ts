import type { z } from 'zod';
import type { NodeDefinition } from '../dsl/node-definition';
import { abSplit } from '../nodes/ab-split/definition';
import { businessHours } from '../nodes/business-hours/definition';
import { classifyIntent } from '../nodes/classify-intent/definition';
import { createTicket } from '../nodes/create-ticket/definition';
import { createWorkItem } from '../nodes/create-work-item/definition';
import { dialNumber } from '../nodes/dial-number/definition';
import { end } from '../nodes/end/definition';
import { gather } from '../nodes/gather/definition';
import { hangUp } from '../nodes/hang-up/definition';
import { httpRequest } from '../nodes/http-request/definition';
import { lookupCitizen } from '../nodes/lookup-citizen/definition';
import { placeOutboundCall } from '../nodes/place-outbound-call/definition';
import { recordVoicemail } from '../nodes/record-voicemail/definition';
import { say } from '../nodes/say/definition';
import { sendEmail } from '../nodes/send-email/definition';
import { sendSms } from '../nodes/send-sms/definition';
import { sendWhatsapp } from '../nodes/send-whatsapp/definition';
import { setVariables } from '../nodes/set-variables/definition';
import { split } from '../nodes/split/definition';
import { subflow } from '../nodes/subflow/definition';
import { survey } from '../nodes/survey/definition';
import { transferToQueue } from '../nodes/transfer-to-queue/definition';
import { apiTrigger } from '../nodes/trigger-api/definition';
import { campaignContactTrigger } from '../nodes/trigger-campaign-contact/definition';
import { incomingCallTrigger } from '../nodes/trigger-incoming-call/definition';
import { incomingMessageTrigger } from '../nodes/trigger-incoming-message/definition';
import { updateCitizen } from '../nodes/update-citizen/definition';
import { validateInput } from '../nodes/validate-input/definition';
import { wait } from '../nodes/wait/definition';
import { waitForReply } from '../nodes/wait-for-reply/definition';

/**
 * Every node kind, once. Adding a kind: its folder under workflows/nodes and one line here; the
 * typecheck then names every per-kind map that lacks it (./runners.ts, the canvas's node-catalog.ts).
 */
export const NODE_DEFINITIONS = [
  apiTrigger,
  incomingCallTrigger,
  incomingMessageTrigger,
  campaignContactTrigger,
  say,
  gather,
  hangUp,
  sendSms,
  waitForReply,
  setVariables,
  split,
  wait,
  end,
  businessHours,
  abSplit,
  httpRequest,
  subflow,
  classifyIntent,
  createTicket,
  createWorkItem,
  recordVoicemail,
  transferToQueue,
  dialNumber,
  placeOutboundCall,
  sendWhatsapp,
  sendEmail,
  lookupCitizen,
  updateCitizen,
  survey,
  validateInput,
] as const satisfies readonly NodeDefinition[];

/** The kinds the engine and the canvas know: every per-kind map is typed over this union. */
export type NodeKind = (typeof NODE_DEFINITIONS)[number]['kind'];

/** The definition of one kind, with its own schema. */
export type DefinitionOf<K extends NodeKind> = Extract<(typeof NODE_DEFINITIONS)[number], { kind: K }>;

/** What a config of that kind may be written as before its schema's defaults apply. */
export type ConfigInput<K extends NodeKind> = z.input<DefinitionOf<K>['schema']>;

/** A definition seen through a kind that is only known at run time (its config is not typed). */
export type KindDefinition = NodeDefinition<z.ZodType, NodeKind>;

const BY_KIND: ReadonlyMap<string, KindDefinition> = new Map(NODE_DEFINITIONS.map((d) => [d.kind, d]));

/** Stored graphs and programs are JSON: a kind read from them is a string until this says otherwise. */
export function isNodeKind(kind: string): kind is NodeKind {
  return BY_KIND.has(kind);
}

export function findNodeDefinition(kind: string): KindDefinition | undefined {
  return BY_KIND.get(kind);
}
