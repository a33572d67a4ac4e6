import { z } from 'zod';
import { defineNode, neverWaits, noDefinitions } from '../../dsl/node-definition';
import { refs, truncate, ZTemplate, ZVoice } from '../shared';

export const hangUp = defineNode({
  kind: 'hang_up',
  category: 'voice',
  title: { 'es-AR': 'Cortar', en: 'Hang up' },
  description: {
    'es-AR': 'Se despide (opcional) y corta la llamada.',
    en: 'Says goodbye (optional) and ends the call.',
  },
  channels: ['voice'],
  schema: z.object({ goodbye: ZTemplate.default(''), voice: ZVoice }),
  ports: () => [],
  waits: neverWaits,
  references: (c) => refs({ goodbye: c.goodbye }, ['goodbye']),
  defines: noDefinitions,
  summary: (c) => truncate(c.goodbye),
});
