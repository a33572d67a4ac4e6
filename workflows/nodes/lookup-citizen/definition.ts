import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { refs, truncate, ZTemplate } from '../shared';

/**
 * What is searched when `value` is left empty. A phone needs no template: the runner takes the
 * number of whoever is on the line (call or message), or the contact's phone.
 */
export const DEFAULT_VALUES = { phone: '', dni: '{{vars.dni}}', email: '{{contact.email}}' } as const;

export const lookupCitizen = defineNode({
  kind: 'lookup_citizen',
  category: 'backoffice',
  title: { 'es-AR': 'Buscar ciudadano', en: 'Look up citizen' },
  description: {
    'es-AR':
      'Busca al ciudadano en la base provincial por teléfono, DNI o correo y carga sus datos (nombre, DNI, localidad…) en «contact».',
    en: 'Finds the citizen in the provincial base by phone, ID number or email and loads their data (name, ID, locality…) into "contact".',
  },
  schema: z.object({
    by: z.enum(['phone', 'dni', 'email']).default('phone'),
    /** Empty = the default for `by` (DEFAULT_VALUES). */
    value: ZTemplate.max(200).default(''),
  }),
  ports: () => [port('found', 'Encontrado', 'Found'), port('not_found', 'No encontrado', 'Not found')],
  waits: neverWaits,
  references: (c) => refs({ value: searchedValue(c) }),
  defines: () => [{ port: 'found', variables: ['contact.*'] }],
  summary: (c, locale) => {
    const by = {
      phone: ['Teléfono', 'Phone'],
      dni: ['DNI', 'ID number'],
      email: ['Correo', 'Email'],
    }[c.by][locale === 'es-AR' ? 0 : 1];
    const value =
      searchedValue(c) || (locale === 'es-AR' ? 'el que llama o escribe' : 'the caller or sender');
    return `${by}: ${truncate(value, 40)}`;
  },
});

export function searchedValue(c: { by: keyof typeof DEFAULT_VALUES; value: string }): string {
  return c.value.trim() || DEFAULT_VALUES[c.by];
}
