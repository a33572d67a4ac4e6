import { describe, expect, it } from 'vitest';
import type { ApiFieldType } from '../workflows/nodes/trigger-api/definition';
import { API_INPUT_MAX_CHARS, apiInputFields, apiInputFromForm, parseApiInput } from './api-input';

const fields = [
  { name: 'telefono', required: true },
  { name: 'nombre', required: false },
  { name: 'edad', required: true },
];

describe('apiInputFields', () => {
  it('reads named fields, required unless they say otherwise, and skips what has no name', () => {
    expect(
      apiInputFields({
        fields: [
          { name: 'dni', type: 'text' },
          { name: 'email', required: false },
          { name: 'activo', required: true, type: 'boolean' },
          { required: true },
          'suelto',
          null,
        ],
      }),
    ).toEqual([
      { name: 'dni', required: true },
      { name: 'email', required: false },
      { name: 'activo', required: true },
    ]);
  });

  it('declares nothing for a config without a list of fields', () => {
    expect(apiInputFields(undefined)).toEqual([]);
    expect(apiInputFields({})).toEqual([]);
    expect(apiInputFields({ fields: 'dni' })).toEqual([]);
  });
});

describe('parseApiInput', () => {
  it('keeps the declared fields that are not blank and drops the undeclared ones', () => {
    expect(parseApiInput(fields, { telefono: '+5493424000001', edad: 41, nombre: '  ', otro: 'x' })).toEqual({
      ok: true,
      input: { telefono: '+5493424000001', edad: 41 },
    });
  });

  it('names every required field that is missing, null or only spaces', () => {
    expect(parseApiInput(fields, { telefono: '   ', edad: null, nombre: 'Eva' })).toEqual({
      ok: false,
      problem: { code: 'missing', fields: ['telefono', 'edad'] },
    });
    expect(parseApiInput(fields, {})).toEqual({
      ok: false,
      problem: { code: 'missing', fields: ['telefono', 'edad'] },
    });
  });

  it('takes false and 0 as values, not as blanks', () => {
    expect(parseApiInput(fields, { telefono: false, edad: 0 })).toEqual({
      ok: true,
      input: { telefono: false, edad: 0 },
    });
  });

  it('turns a value that is not a scalar into its JSON', () => {
    expect(parseApiInput(fields, { telefono: ['+549'], edad: { años: 41 } })).toEqual({
      ok: true,
      input: { telefono: '["+549"]', edad: '{"años":41}' },
    });
  });

  it('refuses an input whose JSON is longer than the limit, before looking at the fields', () => {
    const long = 'x'.repeat(API_INPUT_MAX_CHARS);
    expect(parseApiInput(fields, { nombre: long })).toEqual({
      ok: false,
      problem: { code: 'tooLarge', maxChars: API_INPUT_MAX_CHARS },
    });
    const fits = 'x'.repeat(API_INPUT_MAX_CHARS - '{"nombre":""}'.length);
    expect(parseApiInput([{ name: 'nombre', required: true }], { nombre: fits })).toMatchObject({ ok: true });
  });
});

describe('apiInputFromForm', () => {
  it('types the form values as the API receives them and leaves blanks out', () => {
    const form: { name: string; type: ApiFieldType }[] = [
      { name: 'dni', type: 'text' },
      { name: 'edad', type: 'number' },
      { name: 'codigo', type: 'number' },
      { name: 'acepta', type: 'boolean' },
      { name: 'avisado', type: 'boolean' },
      { name: 'fecha', type: 'date' },
      { name: 'telefono', type: 'phone' },
    ];
    expect(
      apiInputFromForm(form, {
        dni: ' 30123456 ',
        edad: '41',
        codigo: 'A-1',
        acepta: true,
        fecha: '2026-12-01',
        telefono: '  ',
      }),
    ).toEqual({
      dni: '30123456',
      edad: 41,
      codigo: 'A-1',
      acepta: true,
      avisado: false,
      fecha: '2026-12-01',
    });
  });
});
