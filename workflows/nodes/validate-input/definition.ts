import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import type { Localized } from '../../dsl/problems';
import { refs, truncate, ZTemplate, ZVariableName } from '../shared';
import { INPUT_FORMATS, type InputFormat } from './formats';

const FORMAT_NAMES: Record<InputFormat, Localized> = {
  dni: { 'es-AR': 'DNI', en: 'ID number (DNI)' },
  email: { 'es-AR': 'Correo', en: 'Email' },
  phone: { 'es-AR': 'Teléfono', en: 'Phone' },
  date: { 'es-AR': 'Fecha', en: 'Date' },
};

export const validateInput = defineNode({
  kind: 'validate_input',
  category: 'logic',
  title: { 'es-AR': 'Validar dato', en: 'Validate input' },
  description: {
    'es-AR':
      'Revisa que un dato sea un DNI (7 u 8 dígitos, con o sin puntos), un correo, un teléfono argentino o una fecha dd/mm/aaaa, y puede guardarlo normalizado.',
    en: 'Checks that a value is an ID number (DNI: 7 or 8 digits, dots allowed), an email, an Argentine phone number or a dd/mm/yyyy date, and can store it normalised.',
  },
  schema: z.object({
    /** Usually a variable the flow asked for, e.g. {{vars.dni}}. */
    value: ZTemplate.min(1),
    format: z.enum(INPUT_FORMATS).default('dni'),
    /** Where the normal form goes on `valid`: digits, lower case, E.164, or aaaa-mm-dd. */
    saveAs: ZVariableName.or(z.literal('')).default(''),
  }),
  ports: () => [port('valid', 'Válido', 'Valid'), port('invalid', 'Inválido', 'Invalid')],
  waits: neverWaits,
  references: (c) => refs({ value: c.value }),
  defines: (c) => (c.saveAs ? [{ port: 'valid', variables: [`vars.${c.saveAs}`] }] : []),
  summary: (c, locale) =>
    `${FORMAT_NAMES[c.format][locale]}: ${truncate(c.value, 40)}${c.saveAs ? ` → vars.${c.saveAs}` : ''}`,
});
