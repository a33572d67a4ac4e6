import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { type InvalidKey, invalidAs, invalidConfig, type Problem } from '../../dsl/problems';
import { refs, ZTemplate, ZVariableName } from '../shared';

export const CONSENT_CHANNELS = ['sms', 'whatsapp', 'email', 'voice'] as const;

const ZField = z.object({
  /** A citizen column (first_name, last_name, dni, email, locality, birth_date, phone) or an attribute. */
  field: ZVariableName.refine((name) => name !== 'id', invalidAs('citizenIdReadOnly')),
  value: ZTemplate.max(500).default(''),
});
const ZConsent = z.object({
  channel: z.enum(CONSENT_CHANNELS),
  status: z.enum(['granted', 'opted_out']).default('opted_out'),
});

export const updateCitizen = defineNode({
  kind: 'update_citizen',
  category: 'backoffice',
  title: { 'es-AR': 'Actualizar ciudadano', en: 'Update citizen' },
  description: {
    'es-AR':
      'Guarda datos del ciudadano (correo, localidad…) y sus consentimientos por canal, o lo da de baja de todos los canales de este organismo. Necesita un ciudadano identificado antes.',
    en: "Stores the citizen's data (email, locality…) and per-channel consents, or opts them out of every channel of this organismo. Needs an identified citizen first.",
  },
  schema: z.object({
    fields: z.array(ZField).max(30).default([]),
    consents: z.array(ZConsent).max(CONSENT_CHANNELS.length).default([]),
    /** Opts out of every channel for this organismo, whatever `consents` says. */
    optOut: z.boolean().default(false),
  }),
  ports: () => [port('updated', 'Actualizado', 'Updated'), port('failed', 'Falló', 'Failed', false)],
  waits: neverWaits,
  references: (c) => [
    // No field: the problem belongs to the node (a lookup must come first), not to one input.
    { field: '', paths: ['contact.id'] },
    ...c.fields.flatMap((f, i) => refs({ [`fields.${i}.value`]: f.value })),
  ],
  defines: (c) => [{ port: 'updated', variables: c.fields.map((f) => `contact.${f.field}`) }],
  validate: (c, ctx) => {
    const out: Problem[] = [];
    const invalid = (field: string, key: InvalidKey) =>
      out.push(invalidConfig({ nodeId: ctx.nodeId, field, key }));
    if (c.fields.length === 0 && c.consents.length === 0 && !c.optOut) {
      invalid('fields', 'nothingToUpdate');
    }
    const names = c.fields.map((f) => f.field);
    if (new Set(names).size !== names.length) {
      invalid('fields', 'duplicateCitizenField');
    }
    const channels = c.consents.map((k) => k.channel);
    if (new Set(channels).size !== channels.length) {
      invalid('consents', 'duplicateConsentChannel');
    }
    return out;
  },
  summary: (c, locale) => {
    const es = locale === 'es-AR';
    const parts = [
      ...c.fields.map((f) => f.field),
      ...(c.optOut
        ? [es ? 'baja de todos los canales' : 'opt out of every channel']
        : c.consents.map((k) => `${k.channel}: ${consentLabel(k.status, es)}`)),
    ];
    return parts.join(', ') || (es ? 'Nada para actualizar' : 'Nothing to update');
  },
});

function consentLabel(status: 'granted' | 'opted_out', es: boolean): string {
  if (status === 'granted') return es ? 'acepta' : 'granted';
  return es ? 'baja' : 'opted out';
}
