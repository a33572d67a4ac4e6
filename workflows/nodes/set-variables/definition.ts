import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { refs, ZTemplate, ZVariableName } from '../shared';

const ZAssignment = z.object({
  name: ZVariableName,
  operation: z.enum(['set', 'increment']).default('set'),
  value: ZTemplate.default(''),
  type: z.enum(['text', 'number', 'boolean']).default('text'),
});

export const setVariables = defineNode({
  kind: 'set_variables',
  category: 'logic',
  title: { 'es-AR': 'Guardar variables', en: 'Set variables' },
  description: {
    'es-AR': 'Guarda valores (texto, número o sí/no) en variables del flujo, o suma 1 a un contador.',
    en: 'Stores values (text, number or yes/no) in flow variables, or adds 1 to a counter.',
  },
  schema: z.object({ assignments: z.array(ZAssignment).min(1).max(50) }),
  ports: () => [port('next', 'Siguiente', 'Next')],
  waits: neverWaits,
  references: (c) => [
    ...c.assignments.flatMap((a, i) => refs({ [`assignments.${i}.value`]: a.value })),
    // A counter must exist before it is incremented... or start at 0: no reference needed.
  ],
  defines: (c) => [{ port: '*', variables: c.assignments.map((a) => `vars.${a.name}`) }],
  summary: (c) =>
    c.assignments
      .map((a) => (a.operation === 'increment' ? `${a.name} + 1` : `${a.name} = ${a.value}`))
      .join(', '),
});
