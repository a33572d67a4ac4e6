import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { refs, truncate, ZTemplate } from '../shared';

export const sendEmail = defineNode({
  kind: 'send_email',
  category: 'messaging',
  title: { 'es-AR': 'Enviar correo', en: 'Send email' },
  description: {
    'es-AR':
      'Envía un correo electrónico con texto y, si querés, una versión con formato (HTML). Si el ciudadano se dio de baja en este organismo, no se envía.',
    en: 'Sends an email with text and, optionally, a formatted (HTML) version. If the citizen opted out of this organismo, it is skipped.',
  },
  schema: z.object({
    /** Empty = the contact's email (a lookup, a campaign list), read when it is sent. */
    to: ZTemplate.max(400).default(''),
    subject: ZTemplate.min(1).max(200),
    text: z.string().min(1).max(20_000),
    /** Optional HTML version; values of variables in it are HTML-escaped. */
    html: z.string().max(20_000).default(''),
  }),
  ports: () => [
    port('sent', 'Enviado', 'Sent'),
    port('skipped', 'No enviado (baja)', 'Skipped (opted out)', false),
    port('failed', 'Falló', 'Failed', false),
  ],
  waits: neverWaits,
  references: (c) =>
    refs({ to: c.to, subject: c.subject, text: c.text, html: c.html }, ['subject', 'text', 'html']),
  defines: () => [{ port: 'sent', variables: ['vars.last_message_id'] }],
  summary: (c) => truncate(c.subject),
});
