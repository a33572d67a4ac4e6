import 'server-only';
import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { parseRoles } from '@/lib/roles';
import type { SessionInfo } from '@/server/api/trpc';
import type { HealthReport } from './check-health';
import { healthFromEnv } from './health-from-env';

/** How long one round of checks answers every caller: a flood of probes costs one check per window. */
export const HEALTH_CACHE_MS = 5_000;

/** What anyone may see: the overall and per-part status, no driver errors, addresses or migration tags. */
export type PublicHealth = {
  status: HealthReport['status'];
  checkedAt: string;
  checks: { [K in keyof HealthReport['checks']]: { status: HealthReport['checks'][K]['status'] } };
};

const globalForHealth = globalThis as unknown as {
  cauceHealth?: { at: number; report: Promise<HealthReport> };
};

/** The latest health report, checked at most once per HEALTH_CACHE_MS per process. */
export function cachedHealth(load: () => Promise<HealthReport> = healthFromEnv): Promise<HealthReport> {
  const now = Date.now();
  const hit = globalForHealth.cauceHealth;
  if (hit && now - hit.at < HEALTH_CACHE_MS) return hit.report;
  const report = load();
  globalForHealth.cauceHealth = { at: now, report };
  report.catch(() => {
    if (globalForHealth.cauceHealth?.report === report) globalForHealth.cauceHealth = undefined;
  });
  return report;
}

/** The report as the requester may see it: details for a signed-in admin of the active organismo only. */
export async function healthForViewer(
  db: Database,
  session: SessionInfo | null,
): Promise<{ report: HealthReport; details: true } | { report: PublicHealth; details: false }> {
  const report = await cachedHealth();
  if (await isAdmin(db, session)) return { report, details: true };
  return { report: publicHealth(report), details: false };
}

export function publicHealth(report: HealthReport): PublicHealth {
  const { postgres, migrations, temporal, worker } = report.checks;
  return {
    status: report.status,
    checkedAt: report.checkedAt,
    checks: {
      postgres: { status: postgres.status },
      migrations: { status: migrations.status },
      temporal: { status: temporal.status },
      worker: { status: worker.status },
    },
  };
}

async function isAdmin(db: Database, session: SessionInfo | null): Promise<boolean> {
  if (!session?.activeOrganizationId) return false;
  const [row] = await db
    .select({ role: schema.member.role })
    .from(schema.member)
    .where(
      and(
        eq(schema.member.userId, session.userId),
        eq(schema.member.organizationId, session.activeOrganizationId),
      ),
    )
    .limit(1)
    // With PostgreSQL down no role can be read: the public answer is all anyone gets.
    .catch(() => []);
  return parseRoles(row?.role).includes('admin');
}
