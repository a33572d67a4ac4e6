import { end } from '../nodes/end/definition';
import { gather } from '../nodes/gather/definition';
import { hangUp } from '../nodes/hang-up/definition';
import { say } from '../nodes/say/definition';
import { sendSms } from '../nodes/send-sms/definition';
import { setVariables } from '../nodes/set-variables/definition';
import { split } from '../nodes/split/definition';
import { apiTrigger } from '../nodes/trigger-api/definition';
import { campaignContactTrigger } from '../nodes/trigger-campaign-contact/definition';
import { incomingCallTrigger } from '../nodes/trigger-incoming-call/definition';
import { incomingMessageTrigger } from '../nodes/trigger-incoming-message/definition';
import { wait } from '../nodes/wait/definition';
import { waitForReply } from '../nodes/wait-for-reply/definition';
import type { NodeDefinition } from './node-definition';

/** Every node kind, once. Adding a kind: its folder under workflows/nodes and one line here (and in engine/runners.ts). */
export const NODE_DEFINITIONS: readonly NodeDefinition[] = [
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
];

const BY_KIND = new Map(NODE_DEFINITIONS.map((d) => [d.kind, d]));

export function findNodeDefinition(kind: string): NodeDefinition | undefined {
  return BY_KIND.get(kind);
}
