import { z } from 'zod';
import { E164_OR_EMPTY } from '../../../lib/phone-number';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';
import { callerIdProblems, refs, truncate, ZTemplate } from '../shared';

/** Ports on which a call is up and later voice nodes talk to it (a machine can be left a message). */
export const CONNECTED_OUTCOMES = ['answered', 'machine'] as const;

export const placeOutboundCall = defineNode({
  kind: 'place_outbound_call',
  category: 'voice',
  title: { 'es-AR': 'Llamar al ciudadano', en: 'Place outbound call' },
  description: {
    'es-AR':
      'Llama al ciudadano. Si atiende, los nodos de voz que siguen hablan con él; si atiende un contestador, podés dejarle un mensaje.',
    en: 'Calls the citizen. If they answer, the voice nodes after it talk to them; if a machine answers, you can leave a message.',
  },
  channels: ['campaign', 'voice', 'api'],
  schema: z.object({
    /** Empty = the contact's phone (a campaign list, a lookup), else whoever is on the line. */
    to: ZTemplate.max(200).default(''),
    /** Tells a person from an answering machine (a few seconds more before the first prompt). */
    machineDetection: z.boolean().default(true),
    timeoutSeconds: z.number().int().min(5).max(120).default(30),
    /** Number the citizen sees; empty = the organismo's default outbound number. */
    callerId: z.string().regex(E164_OR_EMPTY, invalidAs('e164')).default(''),
  }),
  ports: () => [
    port('answered', 'Atendió', 'Answered'),
    port('machine', 'Contestador', 'Answering machine', false),
    port('no_answer', 'No atendió', 'No answer', false),
    port('busy', 'Ocupado', 'Busy', false),
    port('failed', 'Falló', 'Failed', false),
  ],
  // The step waits for Twilio's outcome, but the simulator answers at once: a redial loop still
  // needs a Wait node between attempts.
  waits: neverWaits,
  references: (c) => refs({ to: c.to }),
  validate: (c, ctx) => callerIdProblems(c.callerId, ctx),
  defines: () => [
    { port: '*', variables: ['call.outcome', 'call.to'] },
    ...['answered', 'machine', 'no_answer', 'busy'].map((p) => ({ port: p, variables: ['call.id'] })),
  ],
  summary: (c, locale) => {
    const es = locale === 'es-AR';
    const machine = c.machineDetection ? (es ? ' · detecta contestador' : ' · detects machines') : '';
    const to = c.to.trim() ? truncate(c.to, 40) : es ? 'al contacto' : 'the contact';
    return `${es ? 'Llamar a' : 'Call'} ${to}${machine}`.replace('Llamar a al', 'Llamar al');
  },
});
