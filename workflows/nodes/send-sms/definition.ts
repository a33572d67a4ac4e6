import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { refs, truncate, ZTemplate } from '../shared';

export const sendSms = defineNode({
  kind: 'send_sms',
  category: 'messaging',
  title: { 'es-AR': 'Enviar SMS', en: 'Send SMS' },
  description: {
    'es-AR': 'Envía un SMS. Si el ciudadano se dio de baja en este organismo, no se envía y se registra.',
    en: 'Sends an SMS. If the citizen opted out of this organismo, it is skipped and recorded.',
  },
  schema: z.object({
    /** Empty = whoever the flow is with: the caller, the sender, else the contact's phone. */
    to: ZTemplate.max(200).default(''),
    body: ZTemplate.min(1).max(1600),
  }),
  ports: () => [
    port('sent', 'Enviado', 'Sent'),
    port('skipped', 'No enviado (baja)', 'Skipped (opted out)', false),
    port('failed', 'Falló', 'Failed', false),
  ],
  waits: neverWaits,
  references: (c) => refs({ to: c.to, body: c.body }, ['body']),
  defines: () => [{ port: 'sent', variables: ['vars.last_message_id'] }],
  summary: (c) => truncate(c.body),
});
