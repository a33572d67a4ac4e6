import { z } from 'zod';
import { defineNode, neverWaits, noReferences, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';

export const incomingMessageTrigger = defineNode({
  kind: 'trigger_incoming_message',
  category: 'trigger',
  title: { 'es-AR': 'Mensaje entrante', en: 'Incoming message' },
  description: {
    'es-AR': 'Empieza cuando llega un SMS o WhatsApp al número (y, si se indica, con la palabra clave).',
    en: 'Starts when an SMS or WhatsApp reaches the number (and, if given, starts with the keyword).',
  },
  channels: ['sms', 'whatsapp'],
  schema: z.object({
    number: z
      .string()
      .regex(/^(\+[1-9]\d{6,14})?$/, invalidAs('e164'))
      .default(''),
    keyword: z.string().max(40).default(''),
  }),
  ports: () => [port('next', 'Siguiente', 'Next')],
  waits: neverWaits,
  references: noReferences,
  defines: () => [{ port: '*', variables: ['message.*'] }],
  offers: ['message.from', 'message.body'],
  summary: (c, locale) =>
    [c.number || (locale === 'es-AR' ? 'cualquier número' : 'any number'), c.keyword ? `«${c.keyword}»` : '']
      .filter(Boolean)
      .join(' · '),
});
