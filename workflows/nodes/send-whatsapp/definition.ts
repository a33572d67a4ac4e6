import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { invalidAs } from '../../dsl/problems';
import { refs, truncate, ZTemplate } from '../shared';

export const sendWhatsapp = defineNode({
  kind: 'send_whatsapp',
  category: 'messaging',
  title: { 'es-AR': 'Enviar WhatsApp', en: 'Send WhatsApp' },
  description: {
    'es-AR':
      'Envía un WhatsApp. Para escribir primero (fuera de las 24 h de la última respuesta) hace falta una plantilla aprobada. Si el ciudadano se dio de baja en este organismo, no se envía.',
    en: 'Sends a WhatsApp message. Writing first (outside 24 h of the last reply) needs an approved template. If the citizen opted out of this organismo, it is skipped.',
  },
  schema: z.object({
    /** Empty = whoever the flow is with: the sender, the caller, else the contact's phone. */
    to: ZTemplate.max(200).default(''),
    body: ZTemplate.min(1).max(1600),
    /** Twilio Content SID of a WhatsApp-approved template (HX…); empty = free text. */
    contentSid: z
      .string()
      .regex(/^(HX[0-9a-fA-F]{32})?$/, invalidAs('contentSid'))
      .default(''),
  }),
  ports: () => [
    port('sent', 'Enviado', 'Sent'),
    port('skipped', 'No enviado (baja)', 'Skipped (opted out)', false),
    port('failed', 'Falló', 'Failed', false),
  ],
  waits: neverWaits,
  references: (c) => refs({ to: c.to, body: c.body }, ['body']),
  defines: () => [{ port: 'sent', variables: ['vars.last_message_id'] }],
  summary: (c) => (c.contentSid ? `${c.contentSid} · ${truncate(c.body, 40)}` : truncate(c.body)),
});
