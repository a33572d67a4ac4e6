import { z } from 'zod';
import { defineNode, neverWaits, noDefinitions, noReferences } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';

export const end = defineNode({
  kind: 'end',
  category: 'logic',
  title: { 'es-AR': 'Fin', en: 'End' },
  description: {
    'es-AR': 'Termina la ejecución y registra su resultado (por ejemplo «resuelto» o «derivado»).',
    en: 'Ends the execution and records its outcome (e.g. "resolved" or "escalated").',
  },
  schema: z.object({
    outcome: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/, invalidAs('slug', { max: 40, example: 'turno_confirmado' }))
      .default('completed'),
  }),
  ports: () => [],
  waits: neverWaits,
  references: noReferences,
  defines: noDefinitions,
  nameSource: (c, locale) => `${locale === 'es-AR' ? 'Fin' : 'End'}: ${c.outcome}`,
  summary: (c) => c.outcome,
});
