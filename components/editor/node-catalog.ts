import {
  BadgeCheck,
  Brain,
  CircleHelp,
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
import type { NodeCategory } from '@/workflows/dsl/node-definition';
import {
  type ConfigInput,
  isNodeKind,
  type KindDefinition,
  NODE_DEFINITIONS,
  type NodeKind,
} from '@/workflows/kinds/registry';
import { emptyValue, formSpecOf } from './field-spec';

export const CATEGORIES: readonly NodeCategory[] = ['trigger', 'voice', 'messaging', 'logic', 'backoffice'];

export const CATEGORY_STYLE: Record<NodeCategory, { accent: string; chip: string }> = {
  trigger: { accent: 'border-t-emerald-500', chip: 'bg-emerald-100 text-emerald-800' },
  voice: { accent: 'border-t-sky-500', chip: 'bg-sky-100 text-sky-800' },
  messaging: { accent: 'border-t-violet-500', chip: 'bg-violet-100 text-violet-800' },
  logic: { accent: 'border-t-amber-500', chip: 'bg-amber-100 text-amber-900' },
  backoffice: { accent: 'border-t-rose-500', chip: 'bg-rose-100 text-rose-800' },
};

/**
 * What the canvas adds to each kind: its icon and, where the schema needs a list item a generated
 * empty value cannot make valid, starter fields laid over it (typed against the kind's schema).
 * Every kind has an entry: a kind added to the registry fails the typecheck here until it has one.
 */
type CanvasEntry<K extends NodeKind> = { icon: LucideIcon; starter?: Partial<ConfigInput<K>> };

const CANVAS: { readonly [K in NodeKind]: CanvasEntry<K> } = {
  trigger_api: { icon: Webhook },
  trigger_incoming_call: { icon: PhoneIncoming },
  trigger_incoming_message: { icon: MessageSquareText },
  trigger_campaign_contact: { icon: Megaphone },
  say: { icon: Volume2 },
  gather: {
    icon: ListOrdered,
    starter: { options: [{ key: '1', label: 'Opción 1', phrases: [] }] },
  },
  hang_up: { icon: PhoneOff },
  send_sms: { icon: MessageSquare },
  wait_for_reply: { icon: MessageCircleQuestion },
  set_variables: {
    icon: Variable,
    starter: { assignments: [{ name: 'variable_1', operation: 'set', value: '', type: 'text' }] },
  },
  split: {
    icon: GitBranch,
    starter: {
      cases: [
        {
          id: 'caso_1',
          label: 'Caso 1',
          when: {
            match: 'all',
            conditions: [{ variable: 'execution.channel', operator: 'equals', value: 'voice' }],
          },
        },
      ],
    },
  },
  wait: { icon: Hourglass },
  end: { icon: CircleStop },
  business_hours: { icon: Clock },
  ab_split: { icon: Split },
  http_request: { icon: Globe },
  subflow: { icon: Workflow },
  classify_intent: { icon: Brain },
  create_ticket: { icon: Ticket },
  create_work_item: { icon: ClipboardList },
  record_voicemail: { icon: Voicemail },
  transfer_to_queue: { icon: Headset },
  dial_number: { icon: PhoneForwarded },
  place_outbound_call: { icon: PhoneOutgoing },
  send_whatsapp: { icon: MessageCircle },
  send_email: { icon: Mail },
  lookup_citizen: { icon: UserSearch },
  update_citizen: { icon: UserPen },
  survey: { icon: Star },
  validate_input: { icon: BadgeCheck },
};

/** Drawn only for a kind no definition knows (a graph from a newer Cauce); every known kind has its own. */
const UNKNOWN_KIND_ICON = CircleHelp;

export function iconOf(kind: string): LucideIcon {
  return isNodeKind(kind) ? CANVAS[kind].icon : UNKNOWN_KIND_ICON;
}

export function definitionsByCategory(): Map<NodeCategory, KindDefinition[]> {
  const map = new Map<NodeCategory, KindDefinition[]>(CATEGORIES.map((c) => [c, []]));
  for (const def of NODE_DEFINITIONS) map.get(def.category)?.push(def);
  return map;
}

/** A new node's config: every field at its default (or empty), plus its kind's starter fields. */
export function initialConfig(def: KindDefinition): Record<string, unknown> {
  const base = emptyValue(formSpecOf(def));
  const record = isRecord(base) ? base : {};
  return { ...record, ...structuredClone(CANVAS[def.kind].starter ?? {}) };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
