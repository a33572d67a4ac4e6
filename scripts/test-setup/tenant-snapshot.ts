import { getTableColumns, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { type Database, schema } from '../../db';

/** Every table of the schema with an organization_id column: a new tenant-owned table is covered at once. */
export function tenantTables(): PgTable[] {
  const values: unknown[] = Object.values(schema);
  return values.filter(
    (value): value is PgTable =>
      is(value, PgTable) && Object.values(getTableColumns(value)).some((c) => c.name === 'organization_id'),
  );
}

/**
 * Every row one organismo owns, table by table, as sorted JSON: compare a snapshot taken before an
 * attack with one taken after to prove nothing of that organismo changed.
 */
export async function tenantSnapshot(
  db: Database,
  organizationId: string,
): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const table of tenantTables()) {
    const found = await db.execute<Record<string, unknown>>(
      sql`select * from ${table} where organization_id = ${organizationId}`,
    );
    rows[getTableConfig(table).name] = [...found].map((r) => JSON.stringify(r)).sort();
  }
  return rows;
}
