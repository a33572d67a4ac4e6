import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeInput } from './formats';

describe('normalizeInput', () => {
  it.each([
    ['20123456', '20123456'],
    ['20.123.456', '20123456'],
    [' 7.654.321 ', '7654321'],
    ['7654321', '7654321'],
    ['123456', null],
    ['201234567', null],
    ['20.123456', null],
    ['20,123,456', null],
    ['20 123 456', null],
    ['', null],
  ])('DNI %j → %j', (value, normal) => {
    expect(normalizeInput('dni', value)).toBe(normal);
  });

  it.each([
    [' Ana.Paz+turnos@Salud.GOB.ar ', 'ana.paz+turnos@salud.gob.ar'],
    ['rosa@example.com', 'rosa@example.com'],
    ['rosa@example', null],
    ['rosa@@example.com', null],
    ['rosa paz@example.com', null],
    ['.rosa@example.com', null],
    ['rosa..paz@example.com', null],
    ['rosa@-example.com', null],
    [`${'a'.repeat(65)}@example.com`, null],
  ])('email %j → %j', (value, normal) => {
    expect(normalizeInput('email', value)).toBe(normal);
  });

  it.each([
    // National mobile: 0 + area + 15 + number, area codes of 2, 3 and 4 digits.
    ['0342 15 511-1111', '+5493425111111'],
    ['011 15 2345-6789', '+5491123456789'],
    ['(02966) 15 12-3456', '+5492966123456'],
    ['342 15 5111111', '+5493425111111'],
    // International forms, with and without the mobile 9.
    ['+54 9 342 511-1111', '+5493425111111'],
    ['+54 9 11 2345 6789', '+5491123456789'],
    ['0054 9 342 5111111', '+5493425111111'],
    ['+54 342 400-0000', '+543424000000'],
    // Ten national digits with no 9 or 15: taken as written (a landline or a mobile).
    ['0342 400-0000', '+543424000000'],
    ['3424000000', '+543424000000'],
    // Not Argentine numbers, or not whole.
    ['+1 415 555 0100', null],
    ['+54 9 342 511', null],
    ['0342 16 511-1111', null],
    ['4000000', null],
    ['15 5111-1111', null],
    ['0800 555 1234', null],
    ['342-511-111a', null],
    ['', null],
  ])('phone %j → %j', (value, normal) => {
    expect(normalizeInput('phone', value)).toBe(normal);
  });

  it.each([
    ['01/03/2026', '2026-03-01'],
    ['1/3/2026', '2026-03-01'],
    ['29/02/2028', '2028-02-29'],
    ['01032026', '2026-03-01'],
    ['29/02/2026', null],
    ['31/04/2026', null],
    ['00/01/2026', null],
    ['01/13/2026', null],
    ['2026-03-01', null],
    ['1/3/26', null],
  ])('date %j → %j', (value, normal) => {
    expect(normalizeInput('date', value)).toBe(normal);
  });

  it('gives a normal form that is itself valid and normal, for any DNI and phone written with separators', () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
    fc.assert(
      fc.property(digits(7, 8), (dni) => {
        const dotted = dni.replace(/\B(?=(\d{3})+$)/g, '.');
        expect(normalizeInput('dni', dotted)).toBe(dni);
        expect(normalizeInput('dni', dni)).toBe(dni);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('11', '342', '2966'), digits(8, 8), fc.boolean(), (area, rest, spaced) => {
        const subscriber = rest.slice(0, 10 - area.length);
        const written = spaced
          ? `0${area} 15 ${subscriber.slice(0, 2)}-${subscriber.slice(2)}`
          : `0${area}15${subscriber}`;
        const normal = normalizeInput('phone', written);
        expect(normal).toBe(`+549${area}${subscriber}`);
        expect(normal === null ? null : normalizeInput('phone', normal)).toBe(normal);
      }),
    );
  });
});
