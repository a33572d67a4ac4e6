import { z } from 'zod';
import { defineNode, port } from '../../dsl/node-definition';
import { problem } from '../../dsl/problems';
import { refs, truncate, ZTemplate } from '../shared';

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const PRIORITY_LABELS = {
  low: { 'es-AR': 'baja', en: 'low' },
  normal: { 'es-AR': 'normal', en: 'normal' },
  high: { 'es-AR': 'alta', en: 'high' },
  urgent: { 'es-AR': 'urgente', en: 'urgent' },
} as const;

export const createTicket = defineNode({
  kind: 'create_ticket',
  category: 'backoffice',
  title: { 'es-AR': 'Crear caso', en: 'Create ticket' },
  description: {
    'es-AR':
      'Abre un caso para un área del organismo, con su plazo (SLA). Puede seguir enseguida o esperar a que el área lo resuelva.',
    en: 'Opens a ticket for one of the organismo’s areas, with its SLA. It can go on at once or wait until the area resolves it.',
  },
  schema: z.object({
    areaId: z.string().max(64).default(''),
    category: z.string().min(1).max(60).default('general'),
    priority: z.enum(TICKET_PRIORITIES).default('normal'),
    /** Measured in the area's business hours. */
    slaHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(48),
    subject: ZTemplate.min(1).max(200).default('Caso creado desde un flujo'),
    description: ZTemplate.default(''),
    waitForResolution: z.boolean().default(false),
    /** Wall-clock hours to wait for the resolution before following «Sin resolver». */
    maxWaitHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(72),
  }),
  ports: (c) =>
    c.waitForResolution
      ? [
          port('resolved', 'Resuelto', 'Resolved'),
          port('breached', 'Sin resolver a tiempo', 'Not resolved in time'),
        ]
      : [port('created', 'Creado', 'Created')],
  waits: (c) => c.waitForResolution,
  references: (c) => refs({ subject: c.subject, description: c.description }),
  defines: (c) => [
    { port: '*', variables: ['vars.ticket_id', 'vars.ticket_number'] },
    ...(c.waitForResolution ? [{ port: 'resolved', variables: ['vars.ticket_resolution'] }] : []),
  ],
  validate: (c, ctx) =>
    ctx.resources.areas.has(c.areaId)
      ? []
      : [problem('AREA_MISSING', { nodeId: ctx.nodeId, field: 'areaId' })],
  summary: (c, locale) =>
    [truncate(c.subject, 40), PRIORITY_LABELS[c.priority][locale], `SLA ${c.slaHours} h`].join(' · '),
});
