import 'server-only';
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { parseLocalDate } from '@/lib/campaigns/schedule';
import type { AudienceFilter } from '@/lib/contracts/campaign';
import { AppError } from '@/server/errors';

type FieldType = 'text' | 'number' | 'date' | 'boolean';

/** The citizen base's own fields, as the contact.* variables name them. */
const FIXED_FIELDS: Record<string, FieldType> = {
  dni: 'text',
  first_name: 'text',
  last_name: 'text',
  phone: 'text',
  email: 'text',
  locality: 'text',
  birth_date: 'date',
};

const NUMBER = '^-?[0-9]+(\\.[0-9]+)?$';
const ISO_DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}';

/**
 * The audience's filters as one SQL condition over a row's contact variables (citizen + profile +
 * list row). Each field is a fixed citizen field or one of the organismo's typed custom fields
 * (citizen_field); numbers and dates compare only values of their form (a malformed stored value
 * never matches an ordering and never makes the query fail). An unknown field, an operator its type
 * has no meaning for, or a value not of its type is INVALID_INPUT.
 */
export async function audienceFilterSql(
  db: Database,
  args: { organizationId: string; filters: readonly AudienceFilter[]; variables: SQL },
): Promise<SQL> {
  if (args.filters.length === 0) return sql`true`;
  const custom = args.filters.map((f) => f.field).filter((k) => !(k in FIXED_FIELDS));
  const declared = new Map<string, FieldType>();
  if (custom.length > 0) {
    const rows = await db
      .select({ key: schema.citizenField.key, type: schema.citizenField.type })
      .from(schema.citizenField)
      .where(
        and(
          eq(schema.citizenField.organizationId, args.organizationId),
          inArray(schema.citizenField.key, custom),
        ),
      );
    for (const r of rows) declared.set(r.key, isFieldType(r.type) ? r.type : 'text');
  }
  const parts = args.filters.map((f) => {
    const type = FIXED_FIELDS[f.field] ?? declared.get(f.field);
    if (!type) throw invalid(f, 'unknown_field');
    return condition(f, type, sql`(${args.variables} ->> ${f.field})`);
  });
  return sql`(${sql.join(parts, sql` and `)})`;
}

function condition(f: AudienceFilter, type: FieldType, raw: SQL): SQL {
  if (f.op === 'is_empty') return sql`coalesce(${raw}, '') = ''`;
  if (f.op === 'not_empty') return sql`coalesce(${raw}, '') <> ''`;
  const ordering = f.op === 'gt' || f.op === 'gte' || f.op === 'lt' || f.op === 'lte';
  switch (type) {
    case 'text': {
      if (ordering) throw invalid(f, 'operator');
      const value = f.value.trim().toLowerCase();
      if (f.op === 'contains') return sql`lower(${raw}) like ${`%${escapeLike(value)}%`} escape '\\'`;
      return f.op === 'eq' ? sql`lower(${raw}) = ${value}` : sql`lower(${raw}) is distinct from ${value}`;
    }
    case 'boolean': {
      const value = f.value.trim().toLowerCase();
      if ((f.op !== 'eq' && f.op !== 'neq') || (value !== 'true' && value !== 'false'))
        throw invalid(f, 'value');
      return f.op === 'eq' ? sql`lower(${raw}) = ${value}` : sql`lower(${raw}) is distinct from ${value}`;
    }
    case 'number': {
      const value = f.value.trim();
      if (f.op === 'contains' || !new RegExp(NUMBER).test(value)) throw invalid(f, 'value');
      const typed = sql`(case when ${raw} ~ ${NUMBER} then (${raw})::numeric end)`;
      return compare(f.op, typed, sql`${value}::numeric`);
    }
    case 'date': {
      const date = parseLocalDate(f.value);
      if (f.op === 'contains' || !date) throw invalid(f, 'value');
      // ISO dates order as text: no cast that a malformed stored value could make fail.
      const typed = sql`(case when ${raw} ~ ${ISO_DATE} then left(${raw}, 10) end)`;
      return compare(f.op, typed, sql`${f.value.trim().slice(0, 10)}::text`);
    }
  }
}

function compare(op: AudienceFilter['op'], left: SQL, right: SQL): SQL {
  switch (op) {
    case 'eq':
      return sql`${left} = ${right}`;
    case 'neq':
      return sql`${left} is distinct from ${right}`;
    case 'gt':
      return sql`${left} > ${right}`;
    case 'gte':
      return sql`${left} >= ${right}`;
    case 'lt':
      return sql`${left} < ${right}`;
    default:
      return sql`${left} <= ${right}`;
  }
}

function invalid(f: AudienceFilter, problem: 'unknown_field' | 'operator' | 'value'): AppError {
  return new AppError('INVALID_INPUT', `Audience filter on "${f.field}": ${problem.replace('_', ' ')}`, {
    field: f.field,
    op: f.op,
    problem,
  });
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function isFieldType(value: string): value is FieldType {
  return value === 'text' || value === 'number' || value === 'date' || value === 'boolean';
}
