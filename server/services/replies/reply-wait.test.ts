import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { deliverToReplyWaiter, expectReply, takeReplyWaiter } from './reply-wait';

const db = testDb();
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'Replies');
});
afterAll(closeTestDb);

async function register(address: string) {
  await expectReply(db, {
    organizationId: t.org.id,
    address,
    executionId: `exec-${address}`,
    workflowId: `wf-${address}`,
    timeoutMs: 60_000,
  });
}

describe('reply waiters', () => {
  it('keeps the registration when delivering the reply fails (Temporal unreachable)', async () => {
    await register('+5493515000001');
    const args = { organizationId: t.org.id, from: 'whatsapp:+5493515000001' };
    await expect(
      deliverToReplyWaiter(db, args, async () => {
        throw new Error('14 UNAVAILABLE: connection refused');
      }),
    ).rejects.toThrow('UNAVAILABLE');
    const delivered: string[] = [];
    const reached = await deliverToReplyWaiter(db, args, async (w) => {
      delivered.push(w.workflowId);
      return true;
    });
    expect(reached?.workflowId).toBe('wf-+5493515000001');
    expect(delivered).toEqual(['wf-+5493515000001']);
    expect(await takeReplyWaiter(db, args)).toBeNull();
  });

  it('consumes the registration of an execution that has ended and reports no waiter', async () => {
    await register('+5493515000002');
    const args = { organizationId: t.org.id, from: '+5493515000002' };
    expect(await deliverToReplyWaiter(db, args, async () => false)).toBeNull();
    expect(await takeReplyWaiter(db, args)).toBeNull();
  });

  it('hands a message to one delivery when two arrive at once', async () => {
    await register('+5493515000003');
    const args = { organizationId: t.org.id, from: '+5493515000003' };
    let calls = 0;
    const deliver = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 50));
      return true;
    };
    const results = await Promise.all([
      deliverToReplyWaiter(db, args, deliver),
      deliverToReplyWaiter(db, args, deliver),
    ]);
    expect(calls).toBe(1);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });
});
