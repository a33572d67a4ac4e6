import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { type LegalBasis, NO_LLAME_EXEMPT } from '@/lib/contracts/campaign';
import { AppError } from '@/server/errors';

/** Callers must check the registry's list at least every 30 days (Ley 26.951). */
export const NO_LLAME_MAX_AGE_DAYS = 30;

/** The newest ready import of the No Llame registry, or null when none was imported. */
export async function latestNoLlameImport(db: Database) {
  const [row] = await db
    .select()
    .from(schema.noLlameImport)
    .where(eq(schema.noLlameImport.status, 'ready'))
    .orderBy(desc(schema.noLlameImport.registryDate))
    .limit(1);
  return row ?? null;
}

/**
 * Refuses to launch a campaign whose legal basis is not exempt from the No Llame registry when no
 * registry list was imported or the newest is older than 30 days on `now`.
 */
export async function assertNoLlameCurrent(
  db: Database,
  args: { legalBasis: LegalBasis; now: Date },
): Promise<void> {
  if (NO_LLAME_EXEMPT.has(args.legalBasis)) return;
  const latest = await latestNoLlameImport(db);
  if (!latest) throw new AppError('NO_LLAME_MISSING', 'No No Llame registry list was imported');
  const ageDays = (args.now.getTime() - Date.parse(`${latest.registryDate}T00:00:00Z`)) / 86_400_000;
  if (ageDays > NO_LLAME_MAX_AGE_DAYS) {
    throw new AppError(
      'NO_LLAME_STALE',
      `The No Llame list of ${latest.registryDate} is older than 30 days`,
      {
        registryDate: latest.registryDate,
      },
    );
  }
}
