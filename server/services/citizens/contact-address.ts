import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * E.164 form of a phone number as people type it in Argentina ("0351 15 555-0001", "+54 9 351…"),
 * or null when it is not a valid number. Citizens' phones are stored in this form.
 */
export function normalizePhone(value: string): string | null {
  const parsed = parsePhoneNumberFromString(value.trim(), 'AR');
  return parsed?.isValid() ? parsed.number : null;
}

// Deliberately loose: the mail server is the judge; this only catches what cannot be an address.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/** Twilio's WhatsApp addresses ("whatsapp:+54…") without the channel prefix, trimmed. */
export function withoutChannelPrefix(address: string): string {
  return address.replace(/^whatsapp:/i, '').trim();
}
