import { z } from 'zod';
import { conditionChecks, conditionReferences, ZConditionGroup } from '../../dsl/conditions';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
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
  defines: (c) => [
    ...c.cases.map((k, i) => ({
      port: `case_${k.id}`,
      variables: [],
      nonEmpty: [...holding(k.when), ...c.cases.slice(0, i).flatMap((earlier) => failing(earlier.when))],
    })),
    { port: 'else', variables: [], nonEmpty: c.cases.flatMap((k) => failing(k.when)) },
  ],
  summary: (c) => c.cases.map((k) => k.label).join(' · '),
});

type Group = z.output<typeof ZCase>['when'];

/** Variables a case that holds proves non-empty: its «no está vacío» conditions that must all hold. */
function holding(group: Group): string[] {
  const must = group.match === 'all' || group.conditions.length === 1 ? group.conditions : [];
  return must.filter((c) => c.operator === 'is_not_empty').map((c) => c.variable);
}

/** Variables a case that failed proves non-empty: its «está vacío» conditions that must all be false. */
function failing(group: Group): string[] {
  const mustFail = group.match === 'any' || group.conditions.length === 1 ? group.conditions : [];
  return mustFail.filter((c) => c.operator === 'is_empty').map((c) => c.variable);
}
