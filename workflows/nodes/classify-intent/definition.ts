import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { type InvalidKey, invalidAs, invalidConfig, type Problem } from '../../dsl/problems';
import { refs, truncate, ZTemplate } from '../shared';

const ZIntent = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,30}$/, invalidAs('slug', { max: 30, example: 'sacar_turno' })),
  label: z.string().min(1).max(60),
  /** Phrases as citizens say them ("quiero sacar un turno"); more and more varied ones help. */
  examples: z.array(z.string().min(1).max(300)).max(100).default([]),
});

/** What an empty `text` classifies. */
export const MESSAGE_TEXT = '{{message.body}}';

export const classifyIntent = defineNode({
  kind: 'classify_intent',
  category: 'logic',
  title: { 'es-AR': 'Detectar intención', en: 'Classify intent' },
  description: {
    'es-AR':
      'Compara un texto (un mensaje o lo que dijo el que llama) con frases de ejemplo y sigue por la intención más parecida.',
    en: 'Compares a text (a message or what the caller said) with example phrases and follows the closest intent.',
  },
  schema: z.object({
    /** Empty = the message being answered (message.body); a call flow names what the caller said. */
    text: ZTemplate.default(''),
    intents: z.array(ZIntent).max(30).default([]),
    /** Lowest similarity (0–1) that counts as a match; below it the text is «No entendido». */
    threshold: z.number().min(0).max(1).default(0.35),
  }),
  ports: (c) => [
    ...c.intents.map((i) => port(`intent_${i.id}`, i.label, i.label)),
    port('unknown', 'No entendido', 'Not understood'),
  ],
  waits: neverWaits,
  references: (c) => refs({ text: c.text }),
  defines: () => [{ port: '*', variables: ['vars.intent', 'vars.intent_score'] }],
  validate: (c, ctx) => {
    const out: Problem[] = [];
    const invalid = (field: string, key: InvalidKey, params?: { label: string }) =>
      out.push(invalidConfig({ nodeId: ctx.nodeId, field, key, ...(params ? { params } : {}) }));
    if (c.intents.length === 0) {
      invalid('intents', 'addIntent');
    }
    // Only a message flow has a message to classify from its start; elsewhere the designer says which text.
    if (!c.text.trim() && ctx.triggerKind && ctx.triggerKind !== 'trigger_incoming_message')
      invalid('text', 'classifyWhichText');
    const ids = c.intents.map((i) => i.id);
    if (new Set(ids).size !== ids.length) {
      invalid('intents', 'duplicateIntentId');
    }
    c.intents.forEach((intent, i) => {
      if (intent.examples.length === 0) {
        invalid(`intents.${i}.examples`, 'intentNeedsExamples', { label: intent.label });
      }
    });
    return out;
  },
  summary: (c, locale) =>
    c.intents.length > 0
      ? truncate(c.intents.map((i) => i.label).join(' · '))
      : locale === 'es-AR'
        ? 'Sin intenciones'
        : 'No intents',
});
