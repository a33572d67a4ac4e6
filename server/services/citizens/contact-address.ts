export { parseEmail as normalizeEmail } from '@/lib/contact-lists/values';
export { normalizePhone } from '@/lib/phones/phone';

/** Twilio's WhatsApp addresses ("whatsapp:+54…") without the channel prefix, trimmed. */
export function withoutChannelPrefix(address: string): string {
  return address.replace(/^whatsapp:/i, '').trim();
}
