import {
  Brain,
  CircleStop,
  ClipboardList,
  Clock,
  GitBranch,
  Globe,
  Headset,
  Hourglass,
  ListOrdered,
  type LucideIcon,
  Mail,
  Megaphone,
  MessageCircle,
  MessageCircleQuestion,
  MessageSquare,
  MessageSquareText,
  PhoneForwarded,
  PhoneIncoming,
  PhoneOff,
  PhoneOutgoing,
  Split,
  Star,
  Ticket,
  UserPen,
  UserSearch,
  Variable,
  Voicemail,
  Volume2,
  Webhook,
  Workflow,
} from 'lucide-react';
import type { NodeCategory, NodeDefinition } from '@/workflows/dsl/node-definition';
import { NODE_DEFINITIONS } from '@/workflows/kinds/registry';
import { emptyValue, formSpecOf } from './field-spec';

export const CATEGORIES: readonly NodeCategory[] = ['trigger', 'voice', 'messaging', 'logic', 'backoffice'];

export const CATEGORY_STYLE: Record<NodeCategory, { accent: string; chip: string }> = {
  trigger: { accent: 'border-t-emerald-500', chip: 'bg-emerald-100 text-emerald-800' },
  voice: { accent: 'border-t-sky-500', chip: 'bg-sky-100 text-sky-800' },
  messaging: { accent: 'border-t-violet-500', chip: 'bg-violet-100 text-violet-800' },
  logic: { accent: 'border-t-amber-500', chip: 'bg-amber-100 text-amber-900' },
  backoffice: { accent: 'border-t-rose-500', chip: 'bg-rose-100 text-rose-800' },
};

const ICONS: Record<string, LucideIcon> = {
  trigger_api: Webhook,
  trigger_incoming_call: PhoneIncoming,
  trigger_incoming_message: MessageSquareText,
  trigger_campaign_contact: Megaphone,
  say: Volume2,
  gather: ListOrdered,
  hang_up: PhoneOff,
  send_sms: MessageSquare,
  wait_for_reply: MessageCircleQuestion,
  set_variables: Variable,
  split: GitBranch,
  wait: Hourglass,
  end: CircleStop,
  business_hours: Clock,
  ab_split: Split,
  http_request: Globe,
  subflow: Workflow,
  classify_intent: Brain,
  create_ticket: Ticket,
  create_work_item: ClipboardList,
  record_voicemail: Voicemail,
  transfer_to_queue: Headset,
  dial_number: PhoneForwarded,
  place_outbound_call: PhoneOutgoing,
  send_whatsapp: MessageCircle,
  send_email: Mail,
  lookup_citizen: UserSearch,
  update_citizen: UserPen,
  survey: Star,
};

export function iconOf(kind: string): LucideIcon {
  return ICONS[kind] ?? Workflow;
}

export function definitionsByCategory(): Map<NodeCategory, NodeDefinition[]> {
  const map = new Map<NodeCategory, NodeDefinition[]>(CATEGORIES.map((c) => [c, []]));
  for (const def of NODE_DEFINITIONS) map.get(def.category)?.push(def);
  return map;
}

/** Kinds whose schema needs at least one list item a generated empty value cannot make valid. */
const STARTERS: Record<string, Record<string, unknown>> = {
  gather: { options: [{ key: '1', label: 'Opción 1', phrases: [] }] },
  split: {
    cases: [
      {
        id: 'caso_1',
        label: 'Caso 1',
        when: { match: 'all', conditions: [{ variable: 'vars.opcion', operator: 'equals', value: '1' }] },
      },
    ],
  },
  set_variables: { assignments: [{ name: 'variable_1', operation: 'set', value: '', type: 'text' }] },
};

/** A new node's config: every field at its default (or empty), plus a starter item where a list needs one. */
export function initialConfig(def: NodeDefinition): Record<string, unknown> {
  const base = emptyValue(formSpecOf(def));
  const record = isRecord(base) ? base : {};
  return { ...record, ...structuredClone(STARTERS[def.kind] ?? {}) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
