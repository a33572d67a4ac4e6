import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { invalidateTelephonyCache, numberOwner, ownerCacheSize } from './org-telephony';

const db = testDb();
let t: Tenant;
const registered = `+54351${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

beforeAll(async () => {
  t = await createTenant(db, 'Owner cache');
  await db
    .insert(schema.phoneNumber)
    .values({ organizationId: t.org.id, number: registered, kind: 'voice_sms' });
});
afterAll(closeTestDb);

describe('the number owner cache', () => {
  it('remembers no number nobody registered: a flood of made-up numbers leaves it empty', async () => {
    invalidateTelephonyCache();
    for (let i = 0; i < 300; i++) {
      expect(await numberOwner(db, `+54911${String(i).padStart(8, '0')}`)).toBeNull();
    }
    // Garbage that is no phone number is refused before any read.
    expect(await numberOwner(db, 'AC'.padEnd(20_000, 'x'))).toBeNull();
    expect(ownerCacheSize()).toBe(0);
  });

  it('keeps a registered number, one entry however often it is asked for', async () => {
    invalidateTelephonyCache();
    for (let i = 0; i < 3; i++) {
      expect(await numberOwner(db, registered)).toEqual({ organizationId: t.org.id, account: 'platform' });
    }
    expect(ownerCacheSize()).toBe(1);
  });
});
