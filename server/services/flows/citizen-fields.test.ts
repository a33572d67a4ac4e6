import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { loadCompileResources } from './resources';

const db = testDb();

describe("the organismo's own citizen fields reach the compiler and the canvas", () => {
  let t: Tenant;
  let other: Tenant;
  beforeAll(async () => {
    t = await createTenant(db, 'Campos');
    other = await createTenant(db, 'OtrosCampos');
  });
  afterAll(closeTestDb);

  it('a typed dose_date is known after a lookup in its organismo only', async () => {
    await db
      .insert(schema.citizenField)
      .values({ organizationId: t.org.id, key: 'dose_date', type: 'date', label: 'Dosis' });
    const own = await loadCompileResources(db, t.org.id, t.flow.id);
    expect(own.citizenFields).toEqual([{ key: 'dose_date', type: 'date', label: 'Dosis' }]);
    expect((await loadCompileResources(db, other.org.id, other.flow.id)).citizenFields).toEqual([]);
    const resources = await callerFor(db, t, 'designer').flows.resources();
    expect(resources.citizenFields).toEqual([{ key: 'dose_date', type: 'date', label: 'Dosis' }]);
  });
});
