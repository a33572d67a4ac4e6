import { z } from 'zod';
import { defineNode, neverWaits, noDefinitions, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';
import { refs, truncate, ZTemplate, ZVoice } from '../shared';

export const say = defineNode({
  kind: 'say',
  category: 'voice',
  title: { 'es-AR': 'Decir', en: 'Say' },
  description: {
    'es-AR': 'Lee un texto con una voz en español o reproduce un audio grabado.',
    en: 'Reads text in a Spanish voice or plays a recorded audio file.',
  },
  channels: ['voice'],
  schema: z
    .object({
      text: ZTemplate.default(''),
      audioUrl: z.string().url().or(z.literal('')).default(''),
      voice: ZVoice,
    })
    .refine((c) => c.text.trim() !== '' || c.audioUrl !== '', {
      message: invalidAs('textOrAudio'),
      path: ['text'],
    }),
  ports: () => [port('next', 'Siguiente', 'Next')],
  waits: neverWaits,
  references: (c) => refs({ text: c.text }, ['text']),
  defines: noDefinitions,
  summary: (c) => (c.audioUrl ? `♪ ${c.audioUrl.split('/').pop() ?? ''}` : truncate(c.text)),
});
