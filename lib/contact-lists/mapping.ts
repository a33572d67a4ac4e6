import { z } from 'zod';

/** The citizen fields of the shared base a list column can fill. */
export const CITIZEN_TARGETS = [
  'dni',
  'first_name',
  'last_name',
  'phone',
  'email',
  'locality',
  'birth_date',
] as const;
export type CitizenTarget = (typeof CITIZEN_TARGETS)[number];

export const FIELD_TYPES = ['text', 'number', 'date', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** An organismo's custom field (citizen_field) as the mapping and the import see it. */
export type CustomFieldDef = { key: string; type: FieldType; label?: string };

/** A custom field key: lowercase snake case, as templates name it (contact.dose_date). */
export const ZFieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/);

/** column header → 'dni' | … | 'field:<key>' | '' (ignored). */
export const ZListMapping = z
  .record(
    z.string().max(200),
    z.union([z.enum(CITIZEN_TARGETS), z.string().regex(/^field:[a-z][a-z0-9_]{0,39}$/), z.literal('')]),
  )
  .refine((m) => Object.keys(m).length <= 200, 'too many columns');
export type ListMapping = z.infer<typeof ZListMapping>;

export const CONTACT_LIST_STATUSES = ['pending', 'importing', 'ready', 'failed'] as const;
export type ContactListStatus = (typeof CONTACT_LIST_STATUSES)[number];

/** Why a whole upload was refused (contact_list.error); row reasons are in ROW_REASONS. */
export const LIST_FAILURES = [
  'EMPTY_FILE',
  'NO_ROWS',
  'DUPLICATE_HEADER',
  'MAPPING_COLUMN_MISSING',
  'NO_IDENTIFIER_MAPPED',
  'FILE_TOO_LARGE',
  'UPLOAD_INTERRUPTED',
  'IMPORT_FAILED',
] as const;
export type ListFailure = (typeof LIST_FAILURES)[number];

const SYNONYMS: Record<CitizenTarget, readonly string[]> = {
  dni: ['dni', 'documento', 'nro_documento', 'numero_documento', 'num_doc', 'nro_doc', 'doc', 'document'],
  first_name: ['nombre', 'nombres', 'first_name', 'firstname', 'name'],
  last_name: ['apellido', 'apellidos', 'last_name', 'lastname', 'surname'],
  phone: ['telefono', 'tel', 'celular', 'cel', 'movil', 'phone', 'mobile', 'whatsapp', 'telefono_celular'],
  email: ['email', 'e_mail', 'mail', 'correo', 'correo_electronico'],
  locality: ['localidad', 'ciudad', 'municipio', 'locality', 'city'],
  birth_date: ['fecha_nacimiento', 'fecha_de_nacimiento', 'nacimiento', 'birth_date', 'birthdate'],
};

/** "Fecha de Nacimiento" → "fecha_de_nacimiento": how headers are compared and custom keys proposed. */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The mapping the wizard starts from: known headers to citizen fields, the organismo's custom keys to theirs. */
export function proposeMapping(headers: readonly string[], fields: readonly CustomFieldDef[]): ListMapping {
  const mapping: ListMapping = {};
  const taken = new Set<string>();
  for (const header of headers) {
    const key = headerKey(header);
    const citizen = CITIZEN_TARGETS.find((t) => !taken.has(t) && SYNONYMS[t].includes(key));
    const custom = fields.find((f) => f.key === key && !taken.has(`field:${f.key}`));
    const target = citizen ?? (custom ? `field:${custom.key}` : '');
    if (target) taken.add(target);
    mapping[header] = target;
  }
  return mapping;
}

/** The delimiter of a CSV from its first line: the most frequent of , ; tab | outside quotes. */
export function sniffDelimiter(text: string): string {
  const line = firstLine(text);
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  let most = 0;
  for (const [c, n] of counts)
    if (n > most) {
      best = c;
      most = n;
    }
  return best;
}

function firstLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text;
}

/**
 * The text encoding of a file from its first bytes: UTF-8 when they decode as UTF-8, else
 * Windows-1252, which is what Excel in Spanish writes and a superset of Latin-1's printable
 * characters. `complete` says the sample is the whole file; otherwise a multi-byte character cut by
 * the sample's end is allowed.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): 'utf-8' | 'windows-1252' {
  let end = sample.length;
  if (!complete) {
    for (let i = sample.length - 1; i >= Math.max(0, sample.length - 3); i--) {
      const b = sample[i] ?? 0;
      if (b < 0x80) break;
      if (b >= 0xc0) {
        end = i;
        break;
      }
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}
