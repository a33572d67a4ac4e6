import { z } from 'zod';
import { defineNode, neverWaits, noReferences, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';

export const incomingCallTrigger = defineNode({
  kind: 'trigger_incoming_call',
  category: 'trigger',
  title: { 'es-AR': 'Llamada entrante', en: 'Incoming call' },
  description: {
    'es-AR': 'Empieza cuando alguien llama a uno de los números vinculados a este flujo.',
    en: 'Starts when someone calls one of the numbers bound to this flow.',
  },
  channels: ['voice'],
  schema: z.object({
    numbers: z
      .array(z.string().regex(/^\+[1-9]\d{6,14}$/, invalidAs('e164')))
      .max(50)
      .default([]),
  }),
  ports: () => [port('next', 'Siguiente', 'Next')],
  waits: neverWaits,
  references: noReferences,
  defines: () => [{ port: '*', variables: ['call.*'] }],
  offers: ['call.from', 'call.to'],
  summary: (c, locale) =>
    c.numbers.length > 0
      ? c.numbers.join(', ')
      : locale === 'es-AR'
        ? 'Cualquier número vinculado'
        : 'Any bound number',
});
