import { lookup, type Scope } from '../dsl/template';

/**
 * The number of whoever is on the line: the caller, the citizen an outbound call reached, the
 * sender (without WhatsApp's prefix), else the contact's phone; '' when the flow knows none.
 */
export function lineNumber(scope: Scope): string {
  const outbound = lookup(scope, 'call.direction') === 'outbound';
  const candidates = [
    lookup(scope, outbound ? 'call.to' : 'call.from'),
    lookup(scope, 'message.from'),
    lookup(scope, 'contact.phone'),
  ];
  const first = candidates.find((v) => typeof v === 'string' && v.trim() !== '');
  return typeof first === 'string' ? first.replace(/^whatsapp:/, '') : '';
}

/** The contact's own phone (a campaign list, a lookup), else whoever is on the line. */
export function contactNumber(scope: Scope): string {
  const phone = lookup(scope, 'contact.phone');
  return typeof phone === 'string' && phone.trim() !== '' ? phone : lineNumber(scope);
}

/** The contact's citizen record id, when the flow knows who they are (contact.id). */
export function citizenIdOf(scope: Scope): string | null {
  const id = lookup(scope, 'contact.id');
  return typeof id === 'string' && id !== '' ? id : null;
}
