import { eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, testDb } from '@/scripts/test-setup/fixtures';
import { createLogger } from '@/server/logger';
import { resolveBinding } from '@/server/services/bindings/bindings';
import { DEMO_IVR_NUMBER, DEMO_USERS, seedDemo } from './demo';

const db = testDb();
const log = createLogger('test');

describe('demo seed', () => {
  afterEach(() => vi.unstubAllEnvs());
  afterAll(closeTestDb);

  it('refuses to run in production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    await expect(seedDemo(db, log)).rejects.toThrow(/never seeded in production/);
  });

  it('seeds two organismos, a user per role, agents and citizens, once', async () => {
    const first = await seedDemo(db, log);
    const second = await seedDemo(db, log);
    expect([first, second]).toContain('already-seeded');
    const orgs = await db
      .select()
      .from(schema.organization)
      .where(inArray(schema.organization.slug, ['ministerio-de-salud', 'municipalidad-de-vera']));
    expect(orgs.map((o) => o.name).sort()).toEqual(['Ministerio de Salud', 'Municipalidad de Vera']);
    const salud = orgs.find((o) => o.slug === 'ministerio-de-salud');
    const agents = await db
      .select()
      .from(schema.agent)
      .where(eq(schema.agent.organizationId, salud?.id ?? ''));
    expect(agents).toHaveLength(2);
    const users = await db
      .select()
      .from(schema.user)
      .where(
        inArray(
          schema.user.email,
          DEMO_USERS.map((u) => u.email),
        ),
      );
    expect(users).toHaveLength(DEMO_USERS.length);
    expect(await db.$count(schema.citizen)).toBeGreaterThanOrEqual(5);
    const ivr = await resolveBinding(db, 'voice_number', DEMO_IVR_NUMBER);
    expect(ivr).toMatchObject({ organizationId: salud?.id, version: 1 });
    expect(Object.keys(ivr?.program.steps ?? {})).toContain('buscar');
    // The number is Salud's, on the platform's Twilio account.
    const line = await db.query.phoneNumber.findFirst({
      where: eq(schema.phoneNumber.number, DEMO_IVR_NUMBER),
    });
    expect(line).toMatchObject({ organizationId: salud?.id, kind: 'voice_sms', account: 'platform' });
  });
});
