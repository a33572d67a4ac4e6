import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { signedTwilioRequest } from '@/scripts/test-setup/twilio-webhook';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { isOptedOut } from '@/server/services/citizens/opt-out';
import { createActivities } from '@/workflows/activities';
import { dataConverter } from '@/workflows/client';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { startEngineWorker } from '@/workflows/testing/engine-harness';

const db = testDb();
const AUTH_TOKEN = 'sms-test-token';
const BASE = 'https://cauce.example.gob.ar';
const URL_SMS = `${BASE}/api/twilio/sms`;
let t: Tenant;
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let connection: Connection;
let POST: typeof import('./route').POST;
const saved: Record<string, string | undefined> = {};
// A number per test run: bindings are unique across organismos.
const NUMBER = `+54342${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

const phone = () => `+5493424${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

function inbound(
  params: { from: string; body: string; to?: string; sid?: string },
  signature?: string | null,
) {
  return POST(
    signedTwilioRequest({
      publicUrl: URL_SMS,
      params: {
        MessageSid: params.sid ?? `SM${randomUUID().replace(/-/g, '')}`,
        AccountSid: `AC${'d'.repeat(32)}`,
        From: params.from,
        To: params.to ?? NUMBER,
        Body: params.body,
        NumMedia: '0',
      },
      authToken: AUTH_TOKEN,
      ...(signature === undefined ? {} : { signature }),
    }),
  );
}

async function twiml(res: Response) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/xml');
  return res.text();
}

async function result(workflowId: string) {
  return new Client({ connection, dataConverter: dataConverter() }).workflow.getHandle(workflowId).result();
}

async function waitForWaiter(address: string) {
  for (let i = 0; i < 100; i++) {
    const row = await db.query.replyWait.findFirst({
      where: and(eq(schema.replyWait.organizationId, t.org.id), eq(schema.replyWait.address, address)),
    });
    if (row) return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no execution waits for a reply from ${address}`);
}

beforeAll(async () => {
  // The worker sends through the simulator: a real adapter is not what this file tests.
  engine = await startEngineWorker(createActivities({ db, channels: createSimulatorAdapter(db) }));
  const env = {
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: engine.taskQueue,
    TWILIO_ACCOUNT_SID: `AC${'d'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL: BASE,
  };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  ({ POST } = await import('./route'));
  connection = await Connection.connect({ address: inject('temporalAddress') });
  t = await createTenant(db, 'Sms');
  const admin = callerFor(db, t, 'admin');
  const publish = async (
    name: string,
    graph: FlowGraph,
    binding: { type: 'message_number' | 'keyword'; address: string },
  ) => {
    const flow = await admin.flows.create({ name, kind: 'inbound_message', graph });
    await admin.flows.publish({ flowId: flow.id, note: '' });
    await admin.flows.bind({ flowId: flow.id, ...binding });
  };
  await publish('Confirmación de turno', confirmGraph(), { type: 'message_number', address: NUMBER });
  await publish('Palabra TURNO', keywordGraph(), { type: 'keyword', address: `${NUMBER}:TURNO` });
});
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await engine.stop();
  await connection.close();
  await closeTestDb();
});

describe('POST /api/twilio/sms', () => {
  it('refuses unsigned and forged requests with 403, and answers an unknown number with an empty response', async () => {
    expect((await inbound({ from: phone(), body: 'Hola' }, null)).status).toBe(403);
    expect((await inbound({ from: phone(), body: 'Hola' }, 'Zm9yZ2Vk')).status).toBe(403);
    const unknown = await twiml(await inbound({ from: phone(), body: 'Hola', to: '+14155550100' }));
    expect(unknown).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  it('starts the flow bound to the number, then routes the reply to the execution waiting for it', async () => {
    const from = phone();
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    expect(await twiml(await inbound({ from, body: 'Hola', sid }))).toContain('<Response/>');
    const execution = await db.query.execution.findFirst({ where: eq(schema.execution.id, `msg-${sid}`) });
    expect(execution).toMatchObject({ organizationId: t.org.id, channel: 'sms', contactRef: from });
    await waitForWaiter(from);

    // Twilio retrying the first webhook starts nothing new.
    await twiml(await inbound({ from, body: 'Hola', sid }));
    expect(await db.$count(schema.execution, eq(schema.execution.id, `msg-${sid}`))).toBe(1);

    const replySid = `SM${randomUUID().replace(/-/g, '')}`;
    await twiml(await inbound({ from, body: 'Sí, confirmo', sid: replySid }));
    const outcome = await result(`msg-${sid}`);
    // Twilio retrying the reply's webhook: the waiter is gone, yet the retry must not start a new flow.
    expect(await twiml(await inbound({ from, body: 'Sí, confirmo', sid: replySid }))).toContain(
      '<Response/>',
    );
    expect(await db.$count(schema.execution, eq(schema.execution.id, `msg-${replySid}`))).toBe(0);
    expect(outcome).toMatchObject({
      status: 'completed',
      outcome: 'replied',
      variables: { vars: { respuesta: 'Sí, confirmo' }, message: { from, to: NUMBER, channel: 'sms' } },
    });
    const sent = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.executionId, `msg-${sid}`),
    });
    expect(sent).toMatchObject({
      to: from,
      status: 'delivered',
      body: '¿Confirmás tu turno? Respondé SI o NO.',
    });
  });

  it("starts the keyword's flow when the first word is bound on the number", async () => {
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    await twiml(await inbound({ from: phone(), body: 'turno para mañana', sid }));
    expect(await result(`msg-${sid}`)).toMatchObject({ status: 'completed', outcome: 'keyword' });
  });

  it('BAJA opts the sender out (creating a citizen for an unknown phone); later sends are skipped; ALTA undoes it', async () => {
    const from = phone();
    const reply = await twiml(await inbound({ from, body: ' baja. ' }));
    expect(reply).toContain('<Message>Te diste de baja');
    expect(reply).toContain(t.org.name);
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'sms', address: from, kind: 'phone' }),
    ).toBe(true);
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'whatsapp', address: from, kind: 'phone' }),
    ).toBe(false);

    // A flow started by this sender reaches the send step, which is skipped and recorded, never sent.
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    await twiml(await inbound({ from, body: 'Hola', sid }));
    expect(await result(`msg-${sid}`)).toMatchObject({ status: 'completed', outcome: 'skipped' });
    const skipped = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.executionId, `msg-${sid}`),
    });
    expect(skipped).toMatchObject({ to: from, status: 'skipped_opt_out' });

    const again = await twiml(await inbound({ from, body: 'ALTA' }));
    expect(again).toContain('<Message>Listo, volviste a darte de alta');
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'sms', address: from, kind: 'phone' }),
    ).toBe(false);
  });

  it('handles WhatsApp addresses: STOP opts out of WhatsApp only', async () => {
    const from = phone();
    const reply = await twiml(
      await inbound({ from: `whatsapp:${from}`, to: `whatsapp:${NUMBER}`, body: 'STOP' }),
    );
    expect(reply).toContain('<Message>');
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'whatsapp', address: from, kind: 'phone' }),
    ).toBe(true);
    expect(
      await isOptedOut(db, { organizationId: t.org.id, channel: 'sms', address: from, kind: 'phone' }),
    ).toBe(false);
  });
});

function confirmGraph(): FlowGraph {
  return {
    nodes: [
      { id: 'start', kind: 'trigger_incoming_message', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'pregunta',
        kind: 'send_sms',
        position: { x: 0, y: 100 },
        config: { to: '{{message.from}}', body: '¿Confirmás tu turno? Respondé SI o NO.' },
      },
      {
        id: 'espera',
        kind: 'wait_for_reply',
        position: { x: 0, y: 200 },
        config: { timeoutMinutes: 5, saveAs: 'respuesta' },
      },
      { id: 'ok', kind: 'end', position: { x: 0, y: 300 }, config: { outcome: 'replied' } },
      { id: 'tarde', kind: 'end', position: { x: 200, y: 300 }, config: { outcome: 'timeout' } },
      { id: 'baja', kind: 'end', position: { x: 200, y: 200 }, config: { outcome: 'skipped' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'pregunta' },
      { id: 'e2', source: 'pregunta', sourcePort: 'sent', target: 'espera' },
      { id: 'e3', source: 'pregunta', sourcePort: 'skipped', target: 'baja' },
      { id: 'e4', source: 'espera', sourcePort: 'replied', target: 'ok' },
      { id: 'e5', source: 'espera', sourcePort: 'timeout', target: 'tarde' },
    ],
    notes: [],
  };
}

function keywordGraph(): FlowGraph {
  return {
    nodes: [
      {
        id: 'start',
        kind: 'trigger_incoming_message',
        position: { x: 0, y: 0 },
        config: { keyword: 'TURNO' },
      },
      { id: 'fin', kind: 'end', position: { x: 0, y: 100 }, config: { outcome: 'keyword' } },
    ],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'next', target: 'fin' }],
    notes: [],
  };
}
