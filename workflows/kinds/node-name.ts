import type { NameOf } from '../dsl/node-definition';
import { findNodeDefinition } from './registry';

type Locale = 'es-AR' | 'en';
/** What a node's name is made of: the graph node's kind, settings and the name a designer gave it. */
export type NamedNode = { kind: string; config: Record<string, unknown>; label?: string | undefined };

/** Longest default name, in words and characters: long enough to tell nodes apart, short enough for a card. */
const NAME_WORDS = 5;
const NAME_CHARS = 36;

/**
 * A node as people read it everywhere (canvas, checklist, toasts, trace, connect dialog): the name
 * the designer gave it, else a default made of its settings. Names live in the graph only; the
 * compiled program never sees them, so a rename changes neither behaviour nor the program's hash.
 */
export function nodeName(node: NamedNode, locale: Locale, nameOf?: NameOf): string {
  const given = node.label?.trim();
  return given || defaultNodeName(node.kind, node.config, locale, nameOf);
}

/**
 * The first words of what the node says or refers to (a Say's text, a menu's prompt, the queue's
 * name), placeholders left out; the kind's title when there are none (a new node, a trigger).
 */
export function defaultNodeName(
  kind: string,
  config: Record<string, unknown>,
  locale: Locale,
  nameOf?: NameOf,
): string {
  const def = findNodeDefinition(kind);
  if (!def) return kind;
  const title = def.title[locale];
  const parsed = def.schema.safeParse(config);
  if (!parsed.success) return title;
  const source = def.nameSource
    ? def.nameSource(parsed.data, locale, nameOf)
    : def.category === 'trigger'
      ? ''
      : def.summary(parsed.data, locale, nameOf);
  return firstWords(source) || title;
}

/** Up to NAME_WORDS words of the first sentence, without `{{…}}` placeholders; '…' when cut. */
export function firstWords(text: string): string {
  const plain = text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,;:.!?])/g, '$1')
    .trim();
  if (!plain) return '';
  const words = plain.split(' ');
  let out = '';
  for (const word of words.slice(0, NAME_WORDS)) {
    const next = out ? `${out} ${word}` : word;
    if (next.length > NAME_CHARS) break;
    out = next;
    // A sentence is a name's natural end: "Para información, marcá 1." rather than half the next one.
    if (/[.!?]$/.test(word)) break;
  }
  if (!out) out = plain.slice(0, NAME_CHARS - 1);
  const trimmed = out.replace(/[\s,;:.…·-]+$/u, '');
  if (!trimmed) return '';
  // Cut short only when words are left out, not just the closing period.
  const rest = plain.slice(out.length).replace(/[\s.!?…]+/gu, '');
  return rest ? `${trimmed}…` : trimmed;
}
