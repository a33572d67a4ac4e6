import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { createActivities } from '@/workflows/activities';
import { inboundMessageSignal, stateQuery } from '@/workflows/messages';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { twoRepliesGraph } from '@/workflows/testing/graphs';
import { handleInboundMessage } from './inbound-message';
import { startInboxRunner } from './inbox-runner';

const db = testDb();
const NUMBER = `+54341${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
const sid = () => `SM${randomUUID().replace(/-/g, '')}`;
const phone = () => `+5493415${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: Tenant;
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
// Temporal as the app sees it, switched off and on by the tests.
let temporalDown = false;
let deps: EngineDeps;

const inboxRow = (messageSid: string) =>
  db.query.inboundMessage.findFirst({ where: eq(schema.inboundMessage.messageSid, messageSid) });

async function waiterFor(from: string) {
  return db.query.replyWait.findFirst({
    where: and(eq(schema.replyWait.organizationId, t.org.id), eq(schema.replyWait.address, from)),
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  engine = await startEngineWorker(createActivities({ db, channels: createSimulatorAdapter(db) }));
  deps = {
    db,
    temporal: async (): Promise<Client> => {
      if (temporalDown) throw new Error('14 UNAVAILABLE: Temporal is down');
      return engine.client;
    },
    taskQueue: engine.taskQueue,
  };
  t = await createTenant(db, 'Inbox');
  const admin = callerFor(db, t, 'admin');
  const flow = await admin.flows.create({
    name: 'Dos respuestas',
    kind: 'inbound_message',
    graph: twoRepliesGraph(),
  });
  await admin.flows.publish({ flowId: flow.id, note: '' });
  await admin.flows.bind({ flowId: flow.id, type: 'message_number', address: NUMBER });
});
afterAll(async () => {
  await engine.stop();
  await closeTestDb();
});

describe('the inbox', () => {
  it('keeps what Temporal refused, the reply registration included, and the runner delivers it once when Temporal is back', async () => {
    const from = phone();
    const first = { messageSid: sid(), from, to: NUMBER, body: 'Hola' };
    expect(await handleInboundMessage(deps, first)).toMatchObject({ action: 'started', duplicate: false });
    await until('the waiter', () => waiterFor(from));

    temporalDown = true;
    const reply = { messageSid: sid(), from, to: NUMBER, body: 'Sí, confirmo' };
    const newcomer = { messageSid: sid(), from: phone(), to: NUMBER, body: 'Hola' };
    expect(await handleInboundMessage(deps, reply)).toMatchObject({ action: 'queued' });
    expect(await handleInboundMessage(deps, newcomer)).toMatchObject({ action: 'queued' });
    // Twilio replaying the webhook while Temporal is still down: stored once.
    expect(await handleInboundMessage(deps, reply)).toMatchObject({ action: 'queued' });
    expect(
      await db.$count(schema.inboundMessage, eq(schema.inboundMessage.messageSid, reply.messageSid)),
    ).toBe(1);
    expect(await inboxRow(reply.messageSid)).toMatchObject({
      organizationId: t.org.id,
      state: 'pending',
      attempts: 2,
      lastError: expect.stringContaining('UNAVAILABLE'),
      deliveredAt: null,
    });
    // The failed signal did not consume the registration: the reply can still reach its flow.
    expect(await waiterFor(from)).toBeDefined();

    temporalDown = false;
    const runner = startInboxRunner(deps, { intervalMs: 100, maxBackoffMs: 300 });
    try {
      const delivered = await until('delivery', async () => {
        const [r, n] = [await inboxRow(reply.messageSid), await inboxRow(newcomer.messageSid)];
        return r?.state === 'delivered' && n?.state === 'delivered' && { r, n };
      });
      expect(delivered.r).toMatchObject({
        outcome: 'replied',
        lastError: null,
        deliveredAt: expect.any(Date),
      });
      expect(delivered.n).toMatchObject({ outcome: 'started' });
    } finally {
      await runner.stop();
    }
    const state = await engine.client.workflow.getHandle(`msg-${first.messageSid}`).query(stateQuery);
    expect(state).toMatchObject({ activeStepId: 'espera2', variables: { vars: { r1: 'Sí, confirmo' } } });
    expect(await engine.client.workflow.getHandle(`msg-${newcomer.messageSid}`).describe()).toBeDefined();

    // A late replay of a delivered message changes nothing.
    expect(await handleInboundMessage(deps, reply)).toEqual({ action: 'duplicate', reply: null });
    expect(await db.$count(schema.execution, eq(schema.execution.id, `msg-${reply.messageSid}`))).toBe(0);
    const again = await engine.client.workflow.getHandle(`msg-${first.messageSid}`).query(stateQuery);
    expect(again.activeStepId).toBe('espera2');
  });

  it('a flow takes a message signalled twice (the signal went through, recording it did not) once', async () => {
    const from = phone();
    const first = { messageSid: sid(), from, to: NUMBER, body: 'Hola' };
    await handleInboundMessage(deps, first);
    await until('the waiter', () => waiterFor(from));
    const handle = engine.client.workflow.getHandle(`msg-${first.messageSid}`);
    const message = {
      from,
      body: 'SI',
      channel: 'sms' as const,
      receivedAt: new Date().toISOString(),
      sid: sid(),
    };
    await handle.signal(inboundMessageSignal, message);
    await handle.signal(inboundMessageSignal, message);
    await until(
      'the first wait to end',
      async () => (await handle.query(stateQuery)).activeStepId === 'espera2',
    );
    await sleep(500);
    expect(await handle.query(stateQuery)).toMatchObject({
      activeStepId: 'espera2',
      variables: { vars: { r1: 'SI' } },
    });
    // Another message is a second reply: the second wait takes it.
    await handle.signal(inboundMessageSignal, { ...message, body: 'Otra', sid: sid() });
    expect(await handle.result()).toMatchObject({ outcome: 'twice', variables: { vars: { r2: 'Otra' } } });
  });
});
