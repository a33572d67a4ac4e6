import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import type { HealthReport } from './check-health';
import { cachedHealth, healthForViewer, publicHealth } from './health-for-viewer';

const db = testDb();
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'Health');
});
afterAll(closeTestDb);

const down = (detail: string) => ({ status: 'down' as const, ms: 3000, detail });
const report: HealthReport = {
  status: 'down',
  checkedAt: new Date().toISOString(),
  checks: {
    postgres: down('connect ECONNREFUSED 10.0.3.7:5432'),
    migrations: down('pending: 0005_rate_limit'),
    temporal: { status: 'ok', ms: 4, detail: 'default' },
    worker: down('no pollers on task queue cauce-prod'),
  },
  temporalUiUrl: 'http://10.0.3.8:8233',
};
const session = (userId: string) => ({ id: 's', userId, activeOrganizationId: t.org.id });

describe('health as each viewer may see it', () => {
  it('gives anyone the status of each part and no driver error, address or migration tag', () => {
    const bare = publicHealth(report);
    expect(bare).toEqual({
      status: 'down',
      checkedAt: report.checkedAt,
      checks: {
        postgres: { status: 'down' },
        migrations: { status: 'down' },
        temporal: { status: 'ok' },
        worker: { status: 'down' },
      },
    });
    expect(JSON.stringify(bare)).not.toMatch(/10\.0\.3|5432|0005|cauce-prod|ECONNREFUSED/);
  });

  it('shows the details to a signed-in admin only', async () => {
    await cachedHealth(async () => report);
    const admin = await healthForViewer(db, session(t.members.admin.userId));
    expect(admin).toMatchObject({
      details: true,
      report: { checks: { postgres: { detail: /ECONNREFUSED/ } } },
    });
    for (const viewer of [null, session(t.members.designer.userId), session(t.members.supervisor.userId)]) {
      const seen = await healthForViewer(db, viewer);
      expect(seen.details).toBe(false);
      expect(JSON.stringify(seen.report)).not.toMatch(/ECONNREFUSED|10\.0\.3/);
    }
  });

  it('checks once per window however many ask', async () => {
    let checks = 0;
    const load = async () => {
      checks += 1;
      return report;
    };
    await new Promise((r) => setTimeout(r, 5_100));
    await Promise.all(Array.from({ length: 50 }, () => cachedHealth(load)));
    expect(checks).toBe(1);
  });
});
