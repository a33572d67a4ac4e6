import { lookup, type Scope } from '../dsl/template';

/** The contact's citizen record id, when the flow knows who they are (contact.id). */
export function citizenIdOf(scope: Scope): string | null {
  const id = lookup(scope, 'contact.id');
  return typeof id === 'string' && id !== '' ? id : null;
}
