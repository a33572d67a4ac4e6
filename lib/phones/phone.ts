import { parsePhoneNumberFromString as parseMin } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseMax } from 'libphonenumber-js/max';

/**
 * Valid by the compact metadata (what the app accepted before lists existed: any number of a real
 * area code and length), typed by the full one where it knows the block: a number the full metadata
 * does not place (a block it lists as unassigned) is kept, as "fixed or mobile", never dropped.
 */
function parsePhoneNumberFromString(text: string, country?: 'AR') {
  const n = country ? parseMin(text, country) : parseMin(text);
  if (!n?.isValid()) return null;
  const full = country ? parseMax(text, country) : parseMax(text);
  const type = full?.isValid() ? full.getType() : undefined;
  return { number: n.number, country: n.country, isValid: () => true, getType: () => type };
}

/** What a number can be reached by: a mobile, a landline, or one whose written form cannot tell. */
export const PHONE_KINDS = ['mobile', 'fixed', 'fixed_or_mobile'] as const;
export type PhoneKind = (typeof PHONE_KINDS)[number];

export type ParsedPhone = { ok: true; e164: string; kind: PhoneKind };
export type PhoneRefusal = { ok: false; reason: 'EMPTY' | 'INVALID_PHONE' };

/**
 * The project's one phone normaliser: what people write in Argentina ("0341 15-555-0000",
 * "341 5550000", "+54 9 341 555-0000", "011 4555-1234", "03405 15 412345", "0054 9 11 …") to E.164.
 *
 * Argentine mobiles get the 9 (+54 9 area number). A number written nationally without the 15 is
 * how both a landline and a mobile are written, so it is kept as `fixed_or_mobile`, stored in the
 * mobile form (the one SMS and WhatsApp need); `channelAddress` dials it as written for voice. A
 * number written internationally without the 9 (+54 341 …) is a landline by the numbering plan, and
 * toll-free or shared-cost numbers are `fixed`.
 */
export function parsePhone(raw: string): ParsedPhone | PhoneRefusal {
  const text = raw.trim();
  // libphonenumber takes ~50 µs a number, most of a 1,000,000-row import. What it decides for an
  // Argentine number (area code, the 15, validity, kind) depends on the leading digits only and never
  // moves the last four, so one answer serves every number that differs only in those.
  const shape = /^(\+?54[\d\s\-().]*|0[\d\s\-().]*|[1-3][\d\s\-().]*)(\d{4})$/.exec(text);
  if (!shape?.[1] || !shape[2]) return parsePhoneUncached(text);
  const key = `${shape[1]}#`;
  let known = SHAPES.get(key);
  if (known === undefined) {
    const parsed = parsePhoneUncached(`${shape[1]}0000`);
    known = parsed.ok && parsed.e164.endsWith('0000') && parsed.e164.startsWith('+54') ? parsed : null;
    if (SHAPES.size >= MAX_SHAPES) SHAPES.clear();
    SHAPES.set(key, known);
  }
  if (!known) return parsePhoneUncached(text);
  return { ok: true, e164: `${known.e164.slice(0, -4)}${shape[2]}`, kind: known.kind };
}

const SHAPES = new Map<string, ParsedPhone | null>();
const MAX_SHAPES = 100_000;

/** parsePhone without the shape cache (the tests hold the two equal). */
export function parsePhoneUncached(raw: string): ParsedPhone | PhoneRefusal {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'EMPTY' };
  // Letters (other than an "int."/"ext." people rarely write) mean it is not a number.
  if (/[a-z]/i.test(text) || !/^[\d\s+\-().\\/]+$/.test(text)) return { ok: false, reason: 'INVALID_PHONE' };
  let digits = text.replace(/\D/g, '');
  let international = text.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  // 54 341 5550000 / 549 341 5550000 without the +: no national number starts with 54 at that length.
  if (!international && /^549?\d{10}$/.test(digits)) international = true;
  if (digits.length < 6 || digits.length > 15) return { ok: false, reason: 'INVALID_PHONE' };
  const parsed = parseDigits(digits, international);
  if (!parsed) return { ok: false, reason: 'INVALID_PHONE' };
  return parsed;
}

/** The E.164 form or null: for code that only needs the address (lookups, sends). */
export function normalizePhone(raw: string): string | null {
  const parsed = parsePhone(raw);
  return parsed.ok ? parsed.e164 : null;
}

function parseDigits(digits: string, international: boolean): ParsedPhone | null {
  if (international) {
    // "+54 0341 …": people put the trunk 0 after the country code too.
    const fixed = digits.replace(/^540/, '54');
    const n = parsePhoneNumberFromString(`+${fixed}`);
    if (!n?.isValid()) return null;
    if (n.country !== 'AR') return { ok: true, e164: n.number, kind: kindOfType(n.getType()) };
    return arKind(n.number, n.getType(), true);
  }
  // "2954 15 412345": the 15 written without the trunk 0 is a national mobile all the same.
  const candidates = digits.startsWith('0') ? [digits] : [digits, `0${digits}`];
  for (const candidate of candidates) {
    const n = parsePhoneNumberFromString(candidate, 'AR');
    if (n?.isValid()) return arKind(n.number, n.getType(), false);
  }
  return null;
}

function arKind(e164: string, type: string | undefined, international: boolean): ParsedPhone {
  if (type === 'MOBILE') return { ok: true, e164, kind: 'mobile' };
  if (type === undefined) {
    // A block the full metadata does not list: the written form is all there is to go by.
    if (e164.startsWith('+549')) return { ok: true, e164, kind: 'mobile' };
    return international
      ? { ok: true, e164, kind: 'fixed' }
      : { ok: true, e164: mobileForm(e164), kind: 'fixed_or_mobile' };
  }
  if (type === 'FIXED_LINE' && !international) {
    return { ok: true, e164: mobileForm(e164), kind: 'fixed_or_mobile' };
  }
  if (type === 'FIXED_LINE_OR_MOBILE') return { ok: true, e164: mobileForm(e164), kind: 'fixed_or_mobile' };
  return { ok: true, e164, kind: 'fixed' };
}

function kindOfType(type: string | undefined): PhoneKind {
  if (type === 'MOBILE') return 'mobile';
  if (type === 'FIXED_LINE' || type === 'TOLL_FREE' || type === 'SHARED_COST') return 'fixed';
  return 'fixed_or_mobile';
}

/** +54 341 5550000 → +54 9 341 5550000 (an Argentine number only). */
export function mobileForm(e164: string): string {
  return e164.startsWith('+549') || !e164.startsWith('+54') ? e164 : `+549${e164.slice(3)}`;
}

/** +54 9 341 5550000 → +54 341 5550000 (an Argentine number only). */
export function landlineForm(e164: string): string {
  return e164.startsWith('+549') ? `+54${e164.slice(4)}` : e164;
}
