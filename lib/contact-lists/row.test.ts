import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectEncoding, proposeMapping, sniffDelimiter } from './mapping';
import { MAX_CELL_CHARS, normalizeRow, rowPlan } from './row';
import { parseBoolean, parseDate, parseDni, parseNumber } from './values';

describe('values', () => {
  it('reads dates as dd/mm/yyyy or yyyy-mm-dd and refuses days that do not exist', () => {
    expect(parseDate('03/04/2026')).toBe('2026-04-03');
    expect(parseDate('3/4/2026')).toBe('2026-04-03');
    expect(parseDate('2026-04-03')).toBe('2026-04-03');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('31/02/2026')).toBeNull();
    expect(parseDate('29/02/2025')).toBeNull();
    expect(parseDate('2026-13-01')).toBeNull();
    expect(parseDate('03/04/26')).toBeNull();
    expect(parseDate('mañana')).toBeNull();
  });

  it('any real day written dd/mm/yyyy is the same day in ISO form', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, day] = iso.split('-');
          expect(parseDate(`${day}/${m}/${y}`)).toBe(iso);
        },
      ),
    );
  });

  it('checks DNIs: 7–8 digits, dots allowed', () => {
    expect(parseDni('12.345.678')).toBe('12345678');
    expect(parseDni('5123456')).toBe('5123456');
    expect(parseDni('05.123.456')).toBe('5123456');
    expect(parseDni('123456')).toBeNull();
    expect(parseDni('123456789')).toBeNull();
    expect(parseDni('12a45678')).toBeNull();
  });

  it('reads numbers and booleans as people write them', () => {
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1234.5')).toBe(1234.5);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('doce')).toBeNull();
    expect(parseBoolean('Sí')).toBe(true);
    expect(parseBoolean('no')).toBe(false);
    expect(parseBoolean('quizás')).toBeNull();
  });
});

describe('mapping', () => {
  it('proposes citizen fields from Spanish headers and the organismo’s custom keys', () => {
    expect(
      proposeMapping(
        ['DNI', 'Nombre', 'Apellido', 'Teléfono', 'Correo', 'Fecha de dosis', 'Otro'],
        [{ key: 'fecha_de_dosis', type: 'date' }],
      ),
    ).toEqual({
      DNI: 'dni',
      Nombre: 'first_name',
      Apellido: 'last_name',
      Teléfono: 'phone',
      Correo: 'email',
      'Fecha de dosis': 'field:fecha_de_dosis',
      Otro: '',
    });
  });

  it('sniffs the delimiter outside quotes', () => {
    expect(sniffDelimiter('dni;nombre;"a,b,c"\n1;2;3')).toBe(';');
    expect(sniffDelimiter('dni,nombre\n')).toBe(',');
    expect(sniffDelimiter('dni\tnombre')).toBe('\t');
  });

  it('detects Windows-1252 bytes and accepts UTF-8 cut in the middle of a character', () => {
    const latin1 = Uint8Array.from([0x4e, 0x75, 0xf1, 0x65, 0x7a]); // "Nuñez" in Windows-1252
    expect(detectEncoding(latin1, true)).toBe('windows-1252');
    const utf8 = new TextEncoder().encode('Núñez');
    expect(detectEncoding(utf8, true)).toBe('utf-8');
    expect(detectEncoding(utf8.subarray(0, 2), false)).toBe('utf-8');
    expect(detectEncoding(utf8.subarray(0, 2), true)).toBe('windows-1252');
  });
});

describe('normalizeRow', () => {
  const header = ['dni', 'nombre', 'telefono', 'dosis', 'email'];
  const planned = rowPlan(
    header,
    { dni: 'dni', nombre: 'first_name', telefono: 'phone', dosis: 'field:dose_date', email: 'email' },
    [{ key: 'dose_date', type: 'date' }],
  );
  if (!planned.ok) throw new Error('plan refused');
  const { plan } = planned;

  it('gives the row as it will be stored', () => {
    expect(normalizeRow(['12.345.678', ' Ana  María ', '0341 15-555-0000', '03/04/2026', ''], plan)).toEqual({
      ok: true,
      row: {
        dni: '12345678',
        firstName: 'Ana María',
        lastName: '',
        phone: '+5493415550000',
        phoneKind: 'mobile',
        email: null,
        locality: null,
        birthDate: null,
        fields: { dose_date: '2026-04-03' },
      },
    });
  });

  it('refuses the whole row with every reason', () => {
    expect(normalizeRow(['12', 'Ana', 'hola', '31/02/2026', 'x@'], plan)).toEqual({
      ok: false,
      errors: [
        { column: 'dni', value: '12', reason: 'INVALID_DNI' },
        { column: 'telefono', value: 'hola', reason: 'INVALID_PHONE' },
        { column: 'dosis', value: '31/02/2026', reason: 'INVALID_DATE' },
        { column: 'email', value: 'x@', reason: 'INVALID_EMAIL' },
      ],
    });
  });

  it('refuses ragged rows but not trailing empty cells', () => {
    expect(normalizeRow(['1234567', 'Ana'], plan)).toMatchObject({
      ok: false,
      errors: [{ reason: 'RAGGED_ROW' }],
    });
    expect(normalizeRow(['1234567', 'Ana', '', '', '', 'extra'], plan)).toMatchObject({ ok: false });
    expect(normalizeRow(['1234567', 'Ana', '', '', '', ''], plan)).toMatchObject({ ok: true });
  });

  it('refuses a huge cell, a replacement character and a row with no identifier', () => {
    expect(normalizeRow(['1234567', 'x'.repeat(MAX_CELL_CHARS + 1), '', '', ''], plan)).toMatchObject({
      ok: false,
      errors: [{ column: 'nombre', reason: 'CELL_TOO_LARGE' }],
    });
    expect(normalizeRow(['1234567', 'N\uFFFDñez', '', '', ''], plan)).toMatchObject({
      ok: false,
      errors: [{ reason: 'INVALID_ENCODING' }],
    });
    expect(normalizeRow(['', 'Ana', '', '', ''], plan)).toMatchObject({
      ok: false,
      errors: [{ reason: 'MISSING_IDENTIFIER' }],
    });
  });

  it('refuses plans that cannot be read', () => {
    expect(rowPlan(['a', 'a'], { a: 'dni' }, [])).toMatchObject({ ok: false, problem: 'DUPLICATE_HEADER' });
    expect(rowPlan(['a'], { b: 'dni' }, [])).toMatchObject({ ok: false, problem: 'MAPPING_COLUMN_MISSING' });
    expect(rowPlan(['a'], { a: 'first_name' }, [])).toMatchObject({
      ok: false,
      problem: 'NO_IDENTIFIER_MAPPED',
    });
  });
});
