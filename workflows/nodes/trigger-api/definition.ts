import { z } from 'zod';
import { defineNode, neverWaits, noReferences, port } from '../../dsl/node-definition';
import { ZVariableName } from '../shared';

export const API_FIELD_TYPES = ['text', 'number', 'date', 'phone', 'boolean'] as const;
export type ApiFieldType = (typeof API_FIELD_TYPES)[number];

export const apiTrigger = defineNode({
  kind: 'trigger_api',
  category: 'trigger',
  title: { 'es-AR': 'Llamada a la API', en: 'API call' },
  description: {
    'es-AR': 'Empieza cuando otro sistema llama a la API de Cauce con estos datos.',
    en: 'Starts when another system calls the Cauce API with these fields.',
  },
  channels: ['api'],
  schema: z.object({
    fields: z
      .array(
        z.object({
          name: ZVariableName,
          required: z.boolean().default(true),
          /** What the field holds: the test phone draws a typed input for it. */
          type: z.enum(API_FIELD_TYPES).default('text'),
        }),
      )
      .max(50)
      .default([]),
  }),
  ports: () => [port('next', 'Siguiente', 'Next')],
  waits: neverWaits,
  references: noReferences,
  defines: (c) => [{ port: '*', variables: c.fields.map((f) => `input.${f.name}`) }],
  summary: (c, locale) =>
    c.fields.length === 0
      ? locale === 'es-AR'
        ? 'Sin datos de entrada'
        : 'No input fields'
      : c.fields.map((f) => f.name).join(', '),
});
