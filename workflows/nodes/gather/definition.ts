import { z } from 'zod';
import { defineNode, port } from '../../dsl/node-definition';
import { invalidAs, invalidConfig } from '../../dsl/problems';
import { refs, truncate, ZTemplate, ZVariableName, ZVoice } from '../shared';

const ZOption = z.object({
  key: z.string().regex(/^[0-9*#]$/, invalidAs('dtmfKey')),
  label: z.string().min(1).max(60),
  /** Words that choose this option by speech ("turnos", "vacuna"). */
  phrases: z.array(z.string().min(1).max(60)).max(20).default([]),
});

export const gather = defineNode({
  kind: 'gather',
  category: 'voice',
  title: { 'es-AR': 'Menú / pedir dato', en: 'Menu / ask for input' },
  description: {
    'es-AR': 'Pregunta al que llama y espera teclas o voz: un menú de opciones o un dato (DNI, número).',
    en: 'Asks the caller and waits for keys or speech: a menu of options or a value (ID, number).',
  },
  channels: ['voice'],
  schema: z.object({
    prompt: ZTemplate.min(1),
    voice: ZVoice,
    mode: z.enum(['menu', 'collect']).default('menu'),
    input: z.enum(['dtmf', 'speech', 'both']).default('dtmf'),
    options: z.array(ZOption).max(12).default([]),
    /** collect mode: how many digits, and a pattern the answer must match. */
    maxDigits: z.number().int().min(1).max(30).default(8),
    pattern: z.string().max(100).default(''),
    timeoutSeconds: z.number().int().min(1).max(60).default(6),
    retries: z.number().int().min(0).max(5).default(2),
    invalidMessage: ZTemplate.default('No entendimos tu respuesta.'),
    noInputMessage: ZTemplate.default('No recibimos ninguna respuesta.'),
    saveAs: ZVariableName.or(z.literal('')).default(''),
  }),
  ports: (c) =>
    c.mode === 'menu'
      ? [
          ...c.options.map((o) => port(`opt_${o.key}`, `${o.key} · ${o.label}`, `${o.key} · ${o.label}`)),
          port('no_input', 'Sin respuesta', 'No input'),
          port('invalid', 'Opción inválida', 'Invalid'),
        ]
      : [
          port('collected', 'Dato recibido', 'Collected'),
          port('no_input', 'Sin respuesta', 'No input'),
          port('invalid', 'Dato inválido', 'Invalid'),
        ],
  waits: () => true,
  references: (c) =>
    refs({ prompt: c.prompt, invalidMessage: c.invalidMessage, noInputMessage: c.noInputMessage }, [
      'prompt',
      'invalidMessage',
      'noInputMessage',
    ]),
  defines: (c) => {
    if (!c.saveAs) return [];
    const variables = [`vars.${c.saveAs}`];
    return c.mode === 'menu'
      ? c.options.map((o) => ({ port: `opt_${o.key}`, variables }))
      : [{ port: 'collected', variables }];
  },
  validate: (c, ctx) => {
    const out = [];
    if (c.mode === 'menu' && c.options.length === 0) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'options', key: 'menuNeedsOption' }));
    }
    const keys = c.options.map((o) => o.key);
    if (new Set(keys).size !== keys.length) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'options', key: 'duplicateKey' }));
    }
    if (c.pattern) {
      try {
        new RegExp(c.pattern);
      } catch {
        out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'pattern', key: 'badRegex' }));
      }
    }
    return out;
  },
  nameSource: (c) => c.prompt,
  summary: (c) =>
    c.mode === 'menu'
      ? c.options.map((o) => `${o.key} ${o.label}`).join(' · ') || truncate(c.prompt)
      : truncate(c.prompt),
});
