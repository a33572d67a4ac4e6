import type { CitizenRecord } from '../../../lib/contracts/engine-activities';
import { defineRunner } from '../../engine/step-context';
import { lineNumber } from '../contact';
import { lookupCitizen, searchedValue } from './definition';

/** contact field → the record keys it may come under (the base's columns, in either case style). */
const CORE_FIELDS: Record<string, string[]> = {
  first_name: ['first_name', 'firstName'],
  last_name: ['last_name', 'lastName'],
  dni: ['dni'],
  phone: ['phone'],
  email: ['email'],
  locality: ['locality'],
  birth_date: ['birth_date', 'birthDate'],
};
const ATTRIBUTE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

export const lookupCitizenRunner = defineRunner(lookupCitizen, async (c, ctx) => {
  const template = searchedValue(c);
  const value = normalize(c.by, template ? ctx.render(template) : lineNumber(ctx.scope()));
  if (!value) return { port: 'not_found' };
  // Local activity: this runs inside a caller's turn, where a queued activity would cost the reply.
  const found = await ctx.attempt(() => ctx.local.lookupCitizen({ by: c.by, value }));
  if (!found.ok) return { port: 'not_found', set: { 'vars.last_error': found.error } };
  if (!found.value) return { port: 'not_found' };
  const set = contactAssignments(found.value);
  // The number searched is the one the citizen is reachable at now, whatever else the base lists.
  if (c.by === 'phone') set['contact.phone'] = value;
  return { port: 'found', set };
});

/** DNIs are written with dots ("20.123.456"), addresses in any case. */
function normalize(by: 'phone' | 'dni' | 'email', value: string): string {
  const trimmed = value.trim();
  if (by === 'dni') return trimmed.replace(/[.\s-]/g, '');
  if (by === 'email') return trimmed.toLowerCase();
  return trimmed;
}

/** Fields the base lacks are left as they were: a campaign list's phone or email stays usable. */
function contactAssignments(citizen: CitizenRecord): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  // Attributes first so a same-named core field wins.
  const attributes = citizen.attributes;
  if (attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)) {
    for (const [key, v] of Object.entries(attributes)) {
      if (ATTRIBUTE_KEY.test(key) && key !== 'id') set[`contact.${key}`] = v;
    }
  }
  const phones = citizen.phones;
  if (Array.isArray(phones) && typeof phones[0] === 'string') set['contact.phone'] = phones[0];
  for (const [field, keys] of Object.entries(CORE_FIELDS)) {
    const v = firstValue(citizen, keys);
    if (v !== undefined) set[`contact.${field}`] = v;
  }
  set['contact.id'] = citizen.id;
  return set;
}

function firstValue(record: CitizenRecord, keys: string[]): unknown {
  for (const key of keys) {
    const v = record[key];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}
