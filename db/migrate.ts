import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './index';

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Applies the committed migrations; safe to run on every start. */
export async function runMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder });
}

type Journal = { entries: { tag: string; when: number }[] };

/** Compares the committed journal with what the database has applied. */
export async function migrationStatus(
  db: Database,
): Promise<{ expected: number; applied: number; pending: string[] }> {
  const journal: Journal = JSON.parse(
    await readFile(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  );
  const rows = await db
    .execute<{ created_at: string }>(sql`select created_at from drizzle.__drizzle_migrations`)
    .catch(() => [] as { created_at: string }[]);
  const appliedWhen = new Set(Array.from(rows, (r) => Number(r.created_at)));
  const pending = journal.entries.filter((e) => !appliedWhen.has(e.when)).map((e) => e.tag);
  return { expected: journal.entries.length, applied: appliedWhen.size, pending };
}
