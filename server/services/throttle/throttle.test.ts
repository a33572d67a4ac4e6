import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, testDb } from '@/scripts/test-setup/fixtures';
import { consumeThrottle, refundThrottle } from './throttle';

const db = testDb();
const rule = { max: 5, windowMs: 60_000 };

describe('consumeThrottle', () => {
  afterAll(closeTestDb);

  it('lets exactly max of many concurrent attempts through, and keeps keys apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => consumeThrottle(db, 'test:burst', rule)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    const refused = results.find((r) => !r.allowed);
    expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await consumeThrottle(db, 'test:other', rule)).allowed).toBe(true);
  });

  it('starts a new window once the last one ended', async () => {
    for (let i = 0; i < 6; i++) await consumeThrottle(db, 'test:window', rule);
    await db
      .update(schema.requestThrottle)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.requestThrottle.key, 'test:window'));
    const next = await consumeThrottle(db, 'test:window', rule);
    expect(next).toMatchObject({ allowed: true, count: 1 });
  });

  it('refunds one attempt in the window it was counted in, and none in a later window', async () => {
    const first = await consumeThrottle(db, 'test:refund', rule);
    await consumeThrottle(db, 'test:refund', rule);
    await refundThrottle(db, 'test:refund', first.windowStart);
    expect((await consumeThrottle(db, 'test:refund', rule)).count).toBe(2);
    await refundThrottle(db, 'test:refund', new Date(first.windowStart.getTime() - 60_000));
    expect((await consumeThrottle(db, 'test:refund', rule)).count).toBe(3);
  });
});
