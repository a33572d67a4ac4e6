import type { ValueType } from './filters';
import type { CitizenField } from './node-definition';

/** A variable the compiler knows the type of, and whether a run may leave it empty. */
export type KnownVariable = { path: string; type: ValueType; maybeEmpty: boolean };

/**
 * The citizen's fixed fields as a lookup (lookup_citizen's runner) or a campaign list loads them into
 * `contact`: the base's columns. Only names and the record id are always there; the others are
 * nullable in the base and left unset when empty.
 */
export const CONTACT_FIELDS: readonly KnownVariable[] = [
  { path: 'contact.id', type: 'text', maybeEmpty: false },
  { path: 'contact.first_name', type: 'text', maybeEmpty: false },
  { path: 'contact.last_name', type: 'text', maybeEmpty: false },
  { path: 'contact.dni', type: 'text', maybeEmpty: true },
  { path: 'contact.phone', type: 'text', maybeEmpty: true },
  { path: 'contact.email', type: 'text', maybeEmpty: true },
  { path: 'contact.locality', type: 'text', maybeEmpty: true },
  { path: 'contact.birth_date', type: 'date', maybeEmpty: true },
];

/** What a wildcard definition (`call.*`) stands for, member by member, with types. */
const WILDCARD_MEMBERS: Record<string, readonly KnownVariable[]> = {
  'call.*': [
    { path: 'call.from', type: 'text', maybeEmpty: false },
    { path: 'call.to', type: 'text', maybeEmpty: false },
    { path: 'call.sid', type: 'text', maybeEmpty: false },
  ],
  'message.*': [
    { path: 'message.from', type: 'text', maybeEmpty: false },
    { path: 'message.body', type: 'text', maybeEmpty: true },
  ],
  'execution.*': [
    { path: 'execution.id', type: 'text', maybeEmpty: false },
    { path: 'execution.startedAt', type: 'date', maybeEmpty: false },
    { path: 'execution.channel', type: 'text', maybeEmpty: false },
  ],
};

/** The fixed contact fields and the organismo's own (attributes, always possibly empty). */
export function contactFields(custom: readonly CitizenField[] = []): KnownVariable[] {
  const fixed = new Set(CONTACT_FIELDS.map((f) => f.path));
  return [
    ...CONTACT_FIELDS,
    ...custom
      .map((f) => ({ path: `contact.${f.key}`, type: f.type, maybeEmpty: true }))
      .filter((f) => !fixed.has(f.path)),
  ];
}

/** The members of a wildcard definition; empty for one whose members are not known (any path is fine). */
export function wildcardMembers(wildcard: string, custom: readonly CitizenField[] = []): KnownVariable[] {
  if (wildcard === 'contact.*') return contactFields(custom);
  return [...(WILDCARD_MEMBERS[wildcard] ?? [])];
}

/** The type and emptiness the compiler knows for a path, or null (vars.*, input.*: set by the flow). */
export function knownVariable(path: string, custom: readonly CitizenField[] = []): KnownVariable | null {
  const root = path.split('.')[0];
  const members = root === 'contact' ? contactFields(custom) : (WILDCARD_MEMBERS[`${root}.*`] ?? []);
  return members.find((m) => m.path === path) ?? null;
}
