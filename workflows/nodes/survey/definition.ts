import { z } from 'zod';
import { defineNode, port } from '../../dsl/node-definition';
import { refs, ZTemplate, ZVariableName, ZVoice } from '../shared';

/** The question asked when the designer leaves it empty, per scale. */
export const DEFAULT_QUESTIONS = {
  csat: '¿Cómo calificarías la atención que recibiste? Respondé con un número del 1 al 5, donde 5 es excelente.',
  nps: '¿Qué tan probable es que recomiendes este servicio a un familiar o amigo? Respondé con un número del 0 al 10.',
} as const;

export const survey = defineNode({
  kind: 'survey',
  category: 'backoffice',
  title: { 'es-AR': 'Encuesta', en: 'Survey' },
  description: {
    'es-AR':
      'Pide una calificación: satisfacción del 1 al 5 (CSAT) o recomendación del 0 al 10 (NPS). En una llamada se responde con el teclado o la voz; por SMS o WhatsApp, con un mensaje.',
    en: 'Asks for a rating: satisfaction from 1 to 5 (CSAT) or recommendation from 0 to 10 (NPS). On a call it is answered with the keypad or by voice; by SMS or WhatsApp, with a message.',
  },
  schema: z.object({
    scale: z.enum(['csat', 'nps']).default('csat'),
    /** Empty = the default question for the scale (DEFAULT_QUESTIONS). */
    question: ZTemplate.default(''),
    voice: ZVoice,
    retries: z.number().int().min(0).max(3).default(1),
    invalidMessage: ZTemplate.default('No entendimos tu respuesta.'),
    /** Calls: seconds to wait for a key or word. */
    timeoutSeconds: z.number().int().min(3).max(30).default(8),
    /** Messages: how long to wait for the reply. */
    timeoutMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 7)
      .default(60 * 24),
    /** Messages: 'auto' answers on the channel the conversation is on (SMS otherwise). */
    messageChannel: z.enum(['auto', 'sms', 'whatsapp']).default('auto'),
    /** Messages: empty = whoever wrote, or the contact's phone. */
    to: ZTemplate.max(200).default(''),
    saveAs: ZVariableName.default('calificacion'),
  }),
  ports: () => [
    port('answered', 'Respondió', 'Answered'),
    port('invalid', 'Respuesta inválida', 'Invalid answer', false),
    port('no_response', 'Sin respuesta', 'No response', false),
  ],
  waits: () => true,
  references: (c) =>
    refs({ question: questionOf(c), invalidMessage: c.invalidMessage, to: c.to }, [
      'question',
      'invalidMessage',
    ]),
  defines: (c) => [{ port: 'answered', variables: [`vars.${c.saveAs}`] }],
  summary: (c, locale) => {
    const es = locale === 'es-AR';
    const scale =
      c.scale === 'csat'
        ? `${es ? 'Satisfacción' : 'Satisfaction'} 1–5`
        : `${es ? 'Recomendación' : 'Recommendation'} (NPS) 0–10`;
    return `${scale} → vars.${c.saveAs}`;
  },
});

export function questionOf(c: { scale: keyof typeof DEFAULT_QUESTIONS; question: string }): string {
  return c.question.trim() || DEFAULT_QUESTIONS[c.scale];
}
