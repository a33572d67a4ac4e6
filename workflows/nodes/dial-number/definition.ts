import { z } from 'zod';
import { E164_OR_EMPTY, toE164 } from '../../../lib/phone-number';
import { defineNode, port } from '../../dsl/node-definition';
import { invalidAs, invalidConfig, type Problem } from '../../dsl/problems';
import { templateReferences } from '../../dsl/template';
import { callerIdProblems, refs, truncate, ZTemplate } from '../shared';

export const dialNumber = defineNode({
  kind: 'dial_number',
  category: 'voice',
  title: { 'es-AR': 'Transferir a un número', en: 'Dial a number' },
  description: {
    'es-AR':
      'Conecta al que llama con otro teléfono (una oficina, una guardia). Cuando esa llamada termina, el flujo sigue.',
    en: 'Connects the caller to another phone (an office, an on-call line). When that call ends, the flow goes on.',
  },
  channels: ['voice'],
  schema: z.object({
    /** E.164 once rendered, e.g. +543424000000 or {{vars.guardia}}. */
    number: ZTemplate.default(''),
    timeoutSeconds: z.number().int().min(5).max(600).default(30),
    /** Number shown to the called party; empty = the number the citizen called. */
    callerId: z.string().regex(E164_OR_EMPTY, invalidAs('e164')).default(''),
  }),
  ports: () => [
    port('answered', 'Atendió', 'Answered'),
    port('busy', 'Ocupado', 'Busy', false),
    port('no_answer', 'No atendió', 'No answer', false),
    port('failed', 'Falló', 'Failed', false),
  ],
  waits: () => true,
  references: (c) => refs({ number: c.number }),
  defines: () => [{ port: '*', variables: ['vars.dial_status'] }],
  validate: (c, ctx) => {
    const out: Problem[] = [];
    const number = c.number.trim();
    // A number with variables is checked when it is dialed; a literal one can be checked now.
    if (!number || (templateReferences(number).length === 0 && toE164(number) === null)) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'number', key: 'phoneNumber' }));
    }
    out.push(...callerIdProblems(c.callerId, ctx));
    return out;
  },
  summary: (c, locale) => truncate(c.number) || (locale === 'es-AR' ? 'Sin número' : 'No number'),
});
