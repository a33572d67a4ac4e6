import { z } from 'zod';
import { defineNode, port } from '../../dsl/node-definition';
import { invalidAs, invalidConfig, type Problem, problem } from '../../dsl/problems';
import { refs, ZTemplate } from '../shared';

const TYPE_LABELS = {
  callback: { 'es-AR': 'Devolver llamada', en: 'Callback' },
  preview_call: { 'es-AR': 'Llamada con vista previa', en: 'Preview call' },
  review: { 'es-AR': 'Revisión', en: 'Review' },
} as const;

const ZDisposition = z
  .string()
  .regex(/^[a-z0-9_]{1,30}$/, invalidAs('slug', { max: 30, example: 'no_contesta' }));

export const createWorkItem = defineNode({
  kind: 'create_work_item',
  category: 'backoffice',
  title: { 'es-AR': 'Tarea para un agente', en: 'Work item for an agent' },
  description: {
    'es-AR':
      'Pone una tarea en una cola de agentes (devolver una llamada, llamar con vista previa, revisar un caso). Puede seguir enseguida o esperar cómo la cierra el agente.',
    en: 'Puts a task in an agent queue (call back, preview call, review a case). It can go on at once or wait for how the agent closes it.',
  },
  schema: z.object({
    queueId: z.string().max(64).default(''),
    type: z.enum(['callback', 'preview_call', 'review']).default('callback'),
    /** 1 is the most urgent. */
    priority: z.number().int().min(1).max(10).default(5),
    /** Hours until it is due; null: no due time. */
    dueInHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .nullable()
      .default(null),
    skills: z.array(z.string().min(1).max(40)).max(20).default([]),
    /** What the agent sees on the item ("DNI", "{{vars.dni}}"). */
    fields: z
      .array(z.object({ label: z.string().min(1).max(60), value: ZTemplate.max(1000).default('') }))
      .max(20)
      .default([]),
    /** The ways an agent may close the item. */
    dispositions: z.array(ZDisposition).max(20).default(['resuelto', 'no_contesta']),
    waitForDisposition: z.boolean().default(false),
    maxWaitHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(72),
  }),
  /**
   * Waiting: one port per disposition, and «Vencida» when time runs out or the item closes
   * without one of them (cancelled by a supervisor, say), so the flow never stalls on a name
   * it has no port for. vars.work_item_disposition keeps what actually came back.
   */
  ports: (c) =>
    c.waitForDisposition
      ? [
          ...c.dispositions.map((d) => port(`disp_${d}`, d, d)),
          port('expired', 'Vencida o sin cierre conocido', 'Expired or closed another way'),
        ]
      : [port('created', 'Creada', 'Created')],
  waits: (c) => c.waitForDisposition,
  references: (c) => c.fields.flatMap((f, i) => refs({ [`fields.${i}.value`]: f.value })),
  defines: (c) => [
    { port: '*', variables: ['vars.work_item_id'] },
    ...(c.waitForDisposition ? [{ port: '*', variables: ['vars.work_item_disposition'] }] : []),
  ],
  validate: (c, ctx) => {
    const out: Problem[] = [];
    if (!ctx.resources.queues.has(c.queueId)) {
      out.push(problem('QUEUE_MISSING', { nodeId: ctx.nodeId, field: 'queueId' }));
    }
    if (new Set(c.dispositions).size !== c.dispositions.length) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'dispositions', key: 'duplicateDisposition' }));
    }
    if (c.waitForDisposition && c.dispositions.length === 0) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'dispositions', key: 'waitNeedsDisposition' }));
    }
    return out;
  },
  summary: (c, locale) =>
    [TYPE_LABELS[c.type][locale], `${locale === 'es-AR' ? 'prioridad' : 'priority'} ${c.priority}`].join(
      ' · ',
    ),
});
