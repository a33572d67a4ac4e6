/** International format Twilio dials: +, country code, number (e.g. +543424000000). */
export const E164 = /^\+[1-9]\d{6,14}$/;
export const E164_OR_EMPTY = /^(\+[1-9]\d{6,14})?$/;

/** Drops the spaces, dashes, dots and parentheses people type in numbers; null when not E.164. */
export function toE164(number: string): string | null {
  const compact = number.replace(/[\s\-().]/g, '');
  return E164.test(compact) ? compact : null;
}
