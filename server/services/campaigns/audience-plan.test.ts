import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { seedLargeAudience, seedList } from '@/scripts/test-setup/audience-seed';
import { closeTestDb, createTenant, testDb } from '@/scripts/test-setup/fixtures';
import { audienceSummary, audienceSummaryQuery } from './audience';

// Seeding 200,000 contacts takes a while on a shared machine: run it on purpose, AUDIENCE_PLAN=1.
describe.skipIf(!process.env.AUDIENCE_PLAN)('audience summary on 200,000 contacts', () => {
  const db = testDb();
  afterAll(closeTestDb);

  it('counts every exclusion in one set-based query and prints its plan and time', async () => {
    const tenant = await createTenant(db, 'Plan');
    const listId = await seedList(db, { organizationId: tenant.org.id });
    const [imp] = await db
      .insert(schema.noLlameImport)
      .values({ registryDate: '2000-01-01', status: 'failed' })
      .returning({ id: schema.noLlameImport.id });
    const seeded = Date.now();
    await seedLargeAudience(db, {
      organizationId: tenant.org.id,
      listId,
      count: 200_000,
      noLlameImportId: imp?.id,
    });
    console.log(`seeded 200,000 in ${Date.now() - seeded} ms`);
    const spec = {
      organizationId: tenant.org.id,
      audience: { listIds: [listId], filters: [] },
      channel: 'sms' as const,
      legalBasis: 'consent' as const,
      purpose: 'vacunacion',
      frequencyCap: { max: 2, days: 7 },
    };
    const started = performance.now();
    const summary = await audienceSummary(db, spec);
    console.log(`audienceSummary ${Math.round(performance.now() - started)} ms`, summary);
    expect(summary.total).toBe(200_000);
    expect(summary.excluded.invalid_address).toBe(20_000);
    const plan = await db.execute<{ 'QUERY PLAN': string }>(
      sql`explain (analyze, buffers) ${await audienceSummaryQuery(db, spec)}`,
    );
    const captured = [...plan].map((r) => r['QUERY PLAN']);
    console.log(captured.join('\n'));
    expect(captured.join('\n')).toContain('Execution Time');
  }, 600_000);
});
