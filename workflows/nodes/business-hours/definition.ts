import { z } from 'zod';
import { defineNode, neverWaits, noReferences, port } from '../../dsl/node-definition';
import { problem } from '../../dsl/problems';

export const businessHours = defineNode({
  kind: 'business_hours',
  category: 'logic',
  title: { 'es-AR': 'Horario de atención', en: 'Business hours' },
  description: {
    'es-AR':
      'Sigue por «Abierto» o «Cerrado» según el horario de atención elegido, o por «Feriado» si hoy es feriado.',
    en: 'Follows "Open" or "Closed" by the chosen business hours, or "Holiday" when today is a holiday.',
  },
  schema: z.object({ scheduleId: z.string().max(64).default('') }),
  ports: () => [
    port('open', 'Abierto', 'Open'),
    port('closed', 'Cerrado', 'Closed'),
    // Most flows treat a holiday like any closed time: left unconnected, it follows «Cerrado».
    port('holiday', 'Feriado', 'Holiday', false),
  ],
  waits: neverWaits,
  references: noReferences,
  defines: () => [{ port: 'holiday', variables: ['vars.holiday_name'] }],
  validate: (c, ctx) =>
    ctx.resources.schedules.has(c.scheduleId)
      ? []
      : [problem('SCHEDULE_MISSING', { nodeId: ctx.nodeId, field: 'scheduleId' })],
  nameSource: (c, _locale, nameOf) => (c.scheduleId ? (nameOf?.('schedules', c.scheduleId) ?? '') : ''),
  summary: (c, locale, nameOf) =>
    c.scheduleId
      ? `${locale === 'es-AR' ? 'Horario' : 'Schedule'}: ${nameOf?.('schedules', c.scheduleId) ?? c.scheduleId}`
      : locale === 'es-AR'
        ? 'Elegí un horario'
        : 'Choose a schedule',
});
