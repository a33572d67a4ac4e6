import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from flow variables are arbitrary text; checking first keeps PostgreSQL's cast errors out. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The citizen id a flow passed, if it names a citizen; else null. A stale or made-up id must not
 * fail the ticket, work item or survey that merely mentions it.
 */
export async function existingCitizenId(db: Database, id: string | null): Promise<string | null> {
  if (!id || !isUuid(id)) return null;
  const row = await db.query.citizen.findFirst({ where: eq(schema.citizen.id, id), columns: { id: true } });
  return row?.id ?? null;
}
