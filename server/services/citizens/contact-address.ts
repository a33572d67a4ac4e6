export { normalizePhone } from '@/lib/phones/phone';

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
