import { createDb } from '../db';
import { runMigrations } from '../db/migrate';
import { logger } from '../server/logger';

/** `npm run db:migrate`: a release step in production, run once before new replicas start. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const { db, sql } = createDb(url, { max: 1 });
  await runMigrations(db);
  await sql.end();
  logger.info({ service: 'migrate' }, 'migrations applied');
}

main().catch((err: unknown) => {
  logger.error({ err }, 'migration failed');
  process.exit(1);
});
