import { type PhoneKind, parsePhone } from '../phones/phone';
import type { CitizenTarget, CustomFieldDef, FieldType, ListMapping } from './mapping';
import { parseBoolean, parseDate, parseDni, parseEmail, parseNumber } from './values';

/** Why the import refused a row (contact_list_error.reason); the catalogs translate each. */
export const ROW_REASONS = [
  'INVALID_PHONE',
  'INVALID_DNI',
  'INVALID_EMAIL',
  'INVALID_DATE',
  'INVALID_NUMBER',
  'INVALID_BOOLEAN',
  'INVALID_ENCODING',
  'CELL_TOO_LARGE',
  'RAGGED_ROW',
  'MALFORMED_ROW',
  'MISSING_IDENTIFIER',
] as const;
export type RowReason = (typeof ROW_REASONS)[number];

/** A cell longer than this is refused (its row, not the file): no name, number or date is this long. */
export const MAX_CELL_CHARS = 2000;
/** What the error report keeps of an offending value. */
export const REPORT_VALUE_CHARS = 200;

export type RowError = { column: string; value: string; reason: RowReason };

/** A row as it will be stored: the citizen's fields, the list's phone and the custom values. */
export type StoredRow = {
  dni: string | null;
  firstName: string;
  lastName: string;
  phone: string | null;
  phoneKind: PhoneKind | null;
  email: string | null;
  locality: string | null;
  birthDate: string | null;
  fields: Record<string, string | number | boolean>;
};

type Column = { index: number; header: string } & (
  | { kind: 'citizen'; target: CitizenTarget }
  | { kind: 'field'; key: string; type: FieldType }
);

/** How each column of a file is read: built once from its header, the mapping and the custom fields. */
export type RowPlan = { width: number; columns: Column[] };

export type PlanProblem = 'DUPLICATE_HEADER' | 'MAPPING_COLUMN_MISSING' | 'NO_IDENTIFIER_MAPPED';

export function rowPlan(
  header: readonly string[],
  mapping: ListMapping,
  fields: readonly CustomFieldDef[],
): { ok: true; plan: RowPlan } | { ok: false; problem: PlanProblem; detail: string } {
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const name of names) {
    if (name && seen.has(name)) return { ok: false, problem: 'DUPLICATE_HEADER', detail: name };
    seen.add(name);
  }
  const columns: Column[] = [];
  for (const [column, target] of Object.entries(mapping)) {
    if (!target) continue;
    const index = names.indexOf(column);
    if (index < 0) return { ok: false, problem: 'MAPPING_COLUMN_MISSING', detail: column };
    if (target.startsWith('field:')) {
      const key = target.slice('field:'.length);
      const def = fields.find((f) => f.key === key);
      if (!def) return { ok: false, problem: 'MAPPING_COLUMN_MISSING', detail: target };
      columns.push({ index, header: column, kind: 'field', key, type: def.type });
    } else {
      columns.push({ index, header: column, kind: 'citizen', target: target as CitizenTarget });
    }
  }
  const identifies = columns.some(
    (c) => c.kind === 'citizen' && ['dni', 'phone', 'email'].includes(c.target),
  );
  if (!identifies) return { ok: false, problem: 'NO_IDENTIFIER_MAPPED', detail: '' };
  // In the file's order, so a row's errors read left to right.
  columns.sort((x, y) => x.index - y.index);
  return { ok: true, plan: { width: names.length, columns } };
}

/**
 * One data row as it will be stored, or every reason it cannot be. A row is kept or refused whole:
 * half a citizen is worse than none. Extra empty cells at the end (spreadsheets write them) are not
 * a ragged row; missing or extra non-empty cells are.
 */
export function normalizeRow(
  cells: readonly string[],
  plan: RowPlan,
): { ok: true; row: StoredRow } | { ok: false; errors: RowError[] } {
  if (cells.length < plan.width || cells.slice(plan.width).some((c) => c.trim() !== '')) {
    const value = `${cells.length} / ${plan.width}`;
    return { ok: false, errors: [{ column: '', value, reason: 'RAGGED_ROW' }] };
  }
  const row: StoredRow = {
    dni: null,
    firstName: '',
    lastName: '',
    phone: null,
    phoneKind: null,
    email: null,
    locality: null,
    birthDate: null,
    fields: {},
  };
  const errors: RowError[] = [];
  const refuse = (column: Column, raw: string, reason: RowReason) =>
    errors.push({ column: column.header, value: raw.slice(0, REPORT_VALUE_CHARS), reason });
  for (const column of plan.columns) {
    const raw = cells[column.index] ?? '';
    if (raw.length > MAX_CELL_CHARS) {
      refuse(column, raw, 'CELL_TOO_LARGE');
      continue;
    }
    if (raw.includes('\uFFFD')) {
      refuse(column, raw, 'INVALID_ENCODING');
      continue;
    }
    const value = raw.trim();
    if (!value) continue;
    const reason =
      column.kind === 'citizen' ? readCitizen(row, column.target, value) : readField(row, column, value);
    if (reason) refuse(column, raw, reason);
  }
  if (errors.length === 0 && !row.dni && !row.phone && !row.email) {
    errors.push({ column: '', value: '', reason: 'MISSING_IDENTIFIER' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, row };
}

function readCitizen(row: StoredRow, target: CitizenTarget, value: string): RowReason | null {
  switch (target) {
    case 'dni': {
      row.dni = parseDni(value);
      return row.dni ? null : 'INVALID_DNI';
    }
    case 'phone': {
      const phone = parsePhone(value);
      if (!phone.ok) return 'INVALID_PHONE';
      row.phone = phone.e164;
      row.phoneKind = phone.kind;
      return null;
    }
    case 'email': {
      row.email = parseEmail(value);
      return row.email ? null : 'INVALID_EMAIL';
    }
    case 'birth_date': {
      row.birthDate = parseDate(value);
      return row.birthDate ? null : 'INVALID_DATE';
    }
    case 'first_name':
      row.firstName = collapse(value);
      return null;
    case 'last_name':
      row.lastName = collapse(value);
      return null;
    case 'locality':
      row.locality = collapse(value);
      return null;
  }
}

function readField(row: StoredRow, column: Column & { kind: 'field' }, value: string): RowReason | null {
  switch (column.type) {
    case 'text':
      row.fields[column.key] = value;
      return null;
    case 'number': {
      const n = parseNumber(value);
      if (n === null) return 'INVALID_NUMBER';
      row.fields[column.key] = n;
      return null;
    }
    case 'date': {
      const d = parseDate(value);
      if (!d) return 'INVALID_DATE';
      row.fields[column.key] = d;
      return null;
    }
    case 'boolean': {
      const b = parseBoolean(value);
      if (b === null) return 'INVALID_BOOLEAN';
      row.fields[column.key] = b;
      return null;
    }
  }
}

function collapse(value: string): string {
  return value.replace(/\s+/g, ' ');
}
