import { z } from 'zod';
import { defineNode, port } from '../../dsl/node-definition';
import { invalidConfig, type Problem, problem } from '../../dsl/problems';
import { refs, ZTemplate } from '../shared';

export const transferToQueue = defineNode({
  kind: 'transfer_to_queue',
  category: 'voice',
  title: { 'es-AR': 'Pasar a una cola', en: 'Transfer to queue' },
  description: {
    'es-AR':
      'Pone la llamada en espera en una cola hasta que la atienda un operador con las habilidades pedidas. Si nadie atiende a tiempo, sigue por «Sin atender».',
    en: 'Holds the call in a queue until an agent with the required skills takes it. If nobody does in time, it follows "Not answered".',
  },
  channels: ['voice'],
  schema: z.object({
    queueId: z.string().max(64).default(''),
    /** 1 is the most urgent. */
    priority: z.number().int().min(1).max(10).default(5),
    skills: z.array(z.string().min(1).max(40)).max(20).default([]),
    holdMessage: ZTemplate.default('Todos nuestros operadores están ocupados. Por favor, aguardá en línea.'),
    maxWaitMinutes: z.number().int().min(1).max(120).default(10),
  }),
  ports: () => [port('answered', 'Atendida', 'Answered'), port('timeout', 'Sin atender', 'Not answered')],
  waits: () => true,
  references: (c) => refs({ holdMessage: c.holdMessage }, ['holdMessage']),
  defines: () => [{ port: 'answered', variables: ['vars.work_item_id'] }],
  validate: (c, ctx) => {
    const out: Problem[] = [];
    if (!c.queueId) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'queueId', key: 'chooseQueue' }));
    } else if (!ctx.resources.queues.has(c.queueId)) {
      out.push(problem('QUEUE_MISSING', { nodeId: ctx.nodeId, field: 'queueId' }));
    }
    return out;
  },
  nameSource: (c, locale, nameOf) =>
    c.queueId ? `${locale === 'es-AR' ? 'Cola' : 'Queue'} ${nameOf?.('queues', c.queueId) ?? ''}`.trim() : '',
  summary: (c, locale) => {
    const wait = `${locale === 'es-AR' ? 'espera máx.' : 'max wait'} ${c.maxWaitMinutes} min`;
    const skills = c.skills.length > 0 ? ` · ${c.skills.join(', ')}` : '';
    return `${locale === 'es-AR' ? 'Prioridad' : 'Priority'} ${c.priority} · ${wait}${skills}`;
  },
});
