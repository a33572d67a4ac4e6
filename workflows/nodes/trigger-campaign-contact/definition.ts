import { z } from 'zod';
import { defineNode, neverWaits, noReferences, port } from '../../dsl/node-definition';
import { ZVariableName } from '../shared';

export const campaignContactTrigger = defineNode({
  kind: 'trigger_campaign_contact',
  category: 'trigger',
  title: { 'es-AR': 'Contacto de campaña', en: 'Campaign contact' },
  description: {
    'es-AR': 'Empieza para cada contacto del listado de una campaña saliente.',
    en: 'Starts for each contact in an outbound campaign list.',
  },
  channels: ['campaign', 'voice', 'sms', 'whatsapp', 'email'],
  schema: z.object({ columns: z.array(ZVariableName).max(50).default([]) }),
  ports: () => [port('next', 'Siguiente', 'Next')],
  waits: neverWaits,
  references: noReferences,
  defines: (c) => [{ port: '*', variables: ['contact.*', ...c.columns.map((col) => `input.${col}`)] }],
  summary: (c, locale) =>
    c.columns.length > 0
      ? c.columns.join(', ')
      : locale === 'es-AR'
        ? 'Datos del contacto'
        : 'Contact fields',
});
