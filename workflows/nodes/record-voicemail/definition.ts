import { z } from 'zod';
import { defineNode, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';
import { refs, ZTemplate, ZVariableName, ZVoice } from '../shared';

export const recordVoicemail = defineNode({
  kind: 'record_voicemail',
  category: 'voice',
  title: { 'es-AR': 'Grabar mensaje', en: 'Record voicemail' },
  description: {
    'es-AR': 'Pide al que llama que deje un mensaje y guarda el enlace a la grabación y su duración.',
    en: 'Asks the caller to leave a message and stores the link to the recording and its length.',
  },
  channels: ['voice'],
  schema: z.object({
    prompt: ZTemplate.default('Dejá tu mensaje después del tono. Cuando termines, presioná numeral.'),
    voice: ZVoice,
    maxLengthSeconds: z.number().int().min(5).max(600).default(120),
    finishOnKey: z
      .string()
      .regex(/^[0-9*#]?$/, invalidAs('finishKeyOrNone'))
      .default('#'),
    playBeep: z.boolean().default(true),
    saveAs: ZVariableName.default('grabacion'),
  }),
  ports: () => [
    port('recorded', 'Grabó', 'Recorded'),
    port('no_recording', 'Sin grabación', 'No recording', false),
  ],
  waits: () => true,
  references: (c) => refs({ prompt: c.prompt }, ['prompt']),
  defines: (c) => [{ port: 'recorded', variables: [`vars.${c.saveAs}`, `vars.${c.saveAs}_seconds`] }],
  summary: (c, locale) =>
    `${locale === 'es-AR' ? 'Graba hasta' : 'Records up to'} ${c.maxLengthSeconds} s → vars.${c.saveAs}`,
});
