import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelAddress } from './channel-address';
import { normalizePhone, parsePhone, parsePhoneUncached } from './phone';

describe('parsePhone', () => {
  it.each([
    ['0341 15-555-0000', '+5493415550000', 'mobile'],
    ['(0341) 155-550000', '+5493415550000', 'mobile'],
    ['+54 9 341 555-0000', '+5493415550000', 'mobile'],
    ['+54 0341 15 5550000', '+5493415550000', 'mobile'],
    ['0054 9 11 2345 6789', '+5491123456789', 'mobile'],
    ['5493415550000', '+5493415550000', 'mobile'],
    ['011 15 2345-6789', '+5491123456789', 'mobile'],
    ['03405 15 412345', '+5493405412345', 'mobile'],
    ['02202 15 412345', '+5492202412345', 'mobile'],
    ['3405 15 412345', '+5493405412345', 'mobile'],
    ['341 5550000', '+5493415550000', 'fixed_or_mobile'],
    ['0341-4210000', '+5493414210000', 'fixed_or_mobile'],
    ['011 4555-1234', '+5491145551234', 'fixed_or_mobile'],
    ['03405 412345', '+5493405412345', 'fixed_or_mobile'],
    ['+54 341 555 0000', '+543415550000', 'fixed'],
    ['543415550000', '+543415550000', 'fixed'],
    ['0800 333 4444', '+548003334444', 'fixed'],
    ['+1 415 555 2671', '+14155552671', 'fixed_or_mobile'],
  ])('%s → %s (%s)', (written, e164, kind) => {
    expect(parsePhone(written)).toEqual({ ok: true, e164, kind });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['hola', 'INVALID_PHONE'],
    ['12', 'INVALID_PHONE'],
    ['15 5550000', 'INVALID_PHONE'],
    ['4555-1234', 'INVALID_PHONE'],
    ['0341 15 555 0000 int 12', 'INVALID_PHONE'],
    ['+54 9 0341 155550000', 'INVALID_PHONE'],
  ])('refuses %j with %s', (written, reason) => {
    expect(parsePhone(written)).toEqual({ ok: false, reason });
  });

  it('normalizePhone gives the E.164 form or null', () => {
    expect(normalizePhone('0351 15 555-0001')).toBe('+5493515550001');
    expect(normalizePhone('hola')).toBeNull();
  });
});

// Area codes of 2, 3 and 4 digits with local numbers that libphonenumber's ranges hold.
const AREAS = [
  '11',
  '221',
  '223',
  '261',
  '341',
  '342',
  '351',
  '381',
  '3405',
  '3492',
  '2202',
  '2323',
] as const;
const local = (area: string) =>
  fc
    .tuple(fc.integer({ min: 4, max: 6 }), fc.integer({ min: 0, max: 10 ** (9 - area.length) - 1 }))
    .map(([first, rest]) => `${first}${String(rest).padStart(9 - area.length, '0')}`);
const numberArb = fc
  .constantFrom(...AREAS)
  .chain((area) => fc.record({ area: fc.constant(area), local: local(area) }));
const sep = fc.constantFrom(' ', '-', '', '.', '  ');
const split = (s: string, at: number) => [s.slice(0, at), s.slice(at)];

describe('parsePhone, any number in any written form', () => {
  it('every mobile form is the same E.164 with the 9, classified mobile', () => {
    fc.assert(
      fc.property(numberArb, sep, sep, fc.nat(3), ({ area, local: n }, a, b, form) => {
        const [head = '', tail = ''] = split(n, 3);
        const written = [
          `0${area}${a}15${b}${head}${a}${tail}`,
          `(0${area})${a}15${b}${n}`,
          `+54${a}9${a}${area}${b}${head}${b}${tail}`,
          `0054${a}9${area}${b}${n}`,
        ][form] as string;
        expect(parsePhone(written)).toEqual({ ok: true, e164: `+549${area}${n}`, kind: 'mobile' });
      }),
    );
  });

  it('a national form without the 15 is kept as fixed or mobile, never dropped', () => {
    fc.assert(
      fc.property(numberArb, sep, fc.boolean(), ({ area, local: n }, a, trunk) => {
        const written = `${trunk ? '0' : ''}${area}${a}${n}`;
        const parsed = parsePhone(written);
        expect(parsed).toEqual({ ok: true, e164: `+549${area}${n}`, kind: 'fixed_or_mobile' });
        // Messages go to the mobile form; a call dials it as written.
        if (!parsed.ok) return;
        expect(channelAddress(parsed.e164, parsed.kind, 'sms')).toEqual({
          ok: true,
          address: `+549${area}${n}`,
        });
        expect(channelAddress(parsed.e164, parsed.kind, 'voice')).toEqual({
          ok: true,
          address: `+54${area}${n}`,
        });
      }),
    );
  });

  it('normalising is idempotent: the E.164 form parses to itself', () => {
    fc.assert(
      fc.property(numberArb, fc.boolean(), ({ area, local: n }, mobile) => {
        const first = parsePhone(mobile ? `0${area} 15 ${n}` : `+54 ${area} ${n}`);
        if (!first.ok) throw new Error('valid number refused');
        expect(parsePhone(first.e164)).toEqual(first);
      }),
    );
  });
});

describe('channelAddress', () => {
  it('refuses a landline for SMS (Twilio 21614) and WhatsApp, and dials it', () => {
    expect(channelAddress('+543415550000', 'fixed', 'sms')).toEqual({ ok: false, reason: 'LANDLINE_NO_SMS' });
    expect(channelAddress('+543415550000', 'fixed', 'whatsapp')).toEqual({
      ok: false,
      reason: 'LANDLINE_NO_WHATSAPP',
    });
    expect(channelAddress('+543415550000', 'fixed', 'voice')).toEqual({ ok: true, address: '+543415550000' });
  });

  it('gives WhatsApp and calls to a mobile the 9', () => {
    for (const channel of ['sms', 'whatsapp', 'voice'] as const)
      expect(channelAddress('+5493415550000', 'mobile', channel)).toEqual({
        ok: true,
        address: '+5493415550000',
      });
  });
});

describe('parsePhone’s shape cache', () => {
  it('answers as libphonenumber does for any Argentine number, whatever its last four digits', () => {
    const written = fc
      .tuple(fc.constantFrom(...AREAS), fc.integer({ min: 0, max: 99_999_999 }), fc.nat(4), fc.nat(9999))
      .map(([area, n, form, last]) => {
        const local = String(n)
          .padStart(8, '0')
          .slice(0, 6 - area.length);
        const tail = String(last).padStart(4, '0');
        return [
          `0${area} 15 ${local}${tail}`,
          `${area} ${local}-${tail}`,
          `+54 9 ${area} ${local}${tail}`,
          `+54 ${area} ${local} ${tail}`,
          `0${area}-${local}${tail}`,
        ][form] as string;
      });
    fc.assert(
      fc.property(written, (text) => {
        expect(parsePhone(text)).toEqual(parsePhoneUncached(text));
      }),
      { numRuns: 2000 },
    );
  });
});
