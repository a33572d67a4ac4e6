import { z } from 'zod';
import { defineNode, noReferences, port } from '../../dsl/node-definition';
import { ZVariableName } from '../shared';

export const waitForReply = defineNode({
  kind: 'wait_for_reply',
  category: 'messaging',
  title: { 'es-AR': 'Esperar respuesta', en: 'Wait for reply' },
  description: {
    'es-AR': 'Espera el próximo mensaje del ciudadano (SMS o WhatsApp) hasta el plazo indicado.',
    en: "Waits for the citizen's next message (SMS or WhatsApp) up to the given time.",
  },
  schema: z.object({
    timeoutMinutes: z
      .number()
      .min(0.05)
      .max(60 * 24 * 30)
      .default(60 * 24),
    saveAs: ZVariableName.default('respuesta'),
  }),
  ports: () => [port('replied', 'Respondió', 'Replied'), port('timeout', 'Sin respuesta', 'No reply')],
  waits: () => true,
  references: noReferences,
  defines: (c) => [{ port: 'replied', variables: [`vars.${c.saveAs}`, 'message.*'] }],
  summary: (c) => `${c.timeoutMinutes} min → vars.${c.saveAs}`,
});
