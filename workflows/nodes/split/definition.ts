import { z } from 'zod';
import { conditionChecks, conditionReferences, ZConditionGroup } from '../../dsl/conditions';
import { defineNode, neverWaits, noDefinitions, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';

const ZCase = z.object({
  id: z.string().regex(/^[a-z0-9_]{1,30}$/, invalidAs('slug', { max: 30, example: 'urgente' })),
  label: z.string().min(1).max(60),
  when: ZConditionGroup,
});

export const split = defineNode({
  kind: 'split',
  category: 'logic',
  title: { 'es-AR': 'Dividir por condición', en: 'Split on conditions' },
  description: {
    'es-AR': 'Sigue por el primer caso cuyas condiciones se cumplen; si ninguno, por «Si no».',
    en: 'Follows the first case whose conditions hold; otherwise "Else".',
  },
  schema: z.object({ cases: z.array(ZCase).min(1).max(20) }),
  ports: (c) => [
    ...c.cases.map((k) => port(`case_${k.id}`, k.label, k.label)),
    port('else', 'Si no', 'Else'),
  ],
  waits: neverWaits,
  references: (c) => [
    ...c.cases.map((k, i) => ({ field: `cases.${i}.when`, paths: conditionReferences(k.when) })),
    ...c.cases.flatMap((k, i) => conditionChecks(k.when, `cases.${i}.when`)),
  ],
  defines: noDefinitions,
  summary: (c) => c.cases.map((k) => k.label).join(' · '),
});
