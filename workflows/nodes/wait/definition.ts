import { z } from 'zod';
import { defineNode, noDefinitions, port } from '../../dsl/node-definition';
import { invalidAs, invalidConfig, problem } from '../../dsl/problems';
import { isVariablePath } from '../../dsl/template';

export const wait = defineNode({
  kind: 'wait',
  category: 'logic',
  title: { 'es-AR': 'Esperar', en: 'Wait' },
  description: {
    'es-AR':
      'Espera un tiempo, o hasta una fecha relativa a una variable (p. ej. 3 días antes del turno a las 10:00), respetando el horario de atención si se elige uno.',
    en: 'Waits for a while, or until a time relative to a variable (e.g. 3 days before the appointment at 10:00), honoring business hours when one is chosen.',
  },
  schema: z.object({
    mode: z.enum(['duration', 'until']).default('duration'),
    amount: z.number().int().min(1).max(100_000).default(1),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days']).default('hours'),
    /** until: a date variable, days before (negative) or after it, and the time of day. */
    variable: z.string().max(200).default(''),
    offsetDays: z.number().int().min(-365).max(365).default(0),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, invalidAs('timeOfDay'))
      .default('10:00'),
    /** Move the moment forward to the next open time of this schedule. */
    scheduleId: z.string().max(64).default(''),
  }),
  ports: (c) =>
    c.mode === 'until'
      ? [port('next', 'Siguiente', 'Next'), port('invalid_date', 'Fecha inválida', 'Invalid date', false)]
      : [port('next', 'Siguiente', 'Next')],
  waits: () => true,
  references: (c) => (c.mode === 'until' && c.variable ? [{ field: 'variable', paths: [c.variable] }] : []),
  defines: noDefinitions,
  validate: (c, ctx) => {
    const out = [];
    if (c.mode === 'until' && !isVariablePath(c.variable)) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'variable', key: 'chooseDateVariable' }));
    }
    if (c.scheduleId && !ctx.resources.schedules.has(c.scheduleId)) {
      out.push(problem('SCHEDULE_MISSING', { nodeId: ctx.nodeId, field: 'scheduleId' }));
    }
    return out;
  },
  summary: (c, locale) => {
    if (c.mode === 'duration') {
      const units = {
        seconds: ['s', 's'],
        minutes: ['min', 'min'],
        hours: ['h', 'h'],
        days: ['días', 'days'],
      } as const;
      return `${c.amount} ${units[c.unit][locale === 'es-AR' ? 0 : 1]}`;
    }
    const rel = c.offsetDays === 0 ? '' : `${c.offsetDays > 0 ? '+' : ''}${c.offsetDays} d `;
    return `${rel}${c.variable} ${c.time}`;
  },
});
