import 'server-only';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Database = PostgresJsDatabase<typeof schema>;
type Sql = postgres.Sql;

export function createDb(url: string, opts: { max?: number } = {}): { db: Database; sql: Sql } {
  const sql = postgres(url, { max: opts.max ?? 10, onnotice: () => {} });
  return { db: drizzle(sql, { schema, casing: 'snake_case' }), sql };
}

const globalForDb = globalThis as unknown as { cauceDb?: { db: Database; sql: Sql } };

/** The process-wide connection pool (kept across Next's hot reloads). */
export function getDb(): Database {
  if (!globalForDb.cauceDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    globalForDb.cauceDb = createDb(url);
  }
  return globalForDb.cauceDb.db;
}

export { schema };
