import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Database, schema } from '@/db';
import { runMigrations } from '@/db/migrate';
import { startEmbeddedPostgres } from '@/scripts/lib/postgres';
import { resolveTemporalBinary } from '@/scripts/lib/temporal-binary';
import { freePort, startTemporalDevServer, type TemporalDevServer } from '@/scripts/lib/temporal-dev-server';
import { overrideEnv } from '@/scripts/test-setup/env';
import { callerFor, createTenant, type Tenant } from '@/scripts/test-setup/fixtures';
import { signedTwilioRequest } from '@/scripts/test-setup/twilio-webhook';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { createLogger } from '@/server/logger';
import { createActivities } from '@/workflows/activities';
import { dataConverter } from '@/workflows/client';
import { stateQuery } from '@/workflows/messages';
import { ivrGraph, twoRepliesGraph } from '@/workflows/testing/graphs';

// PostgreSQL and Temporal of their own: the shared ones serve other test files and must stay up.
const log = createLogger('outage-test');
const AUTH_TOKEN = 'outage-test-token';
const ACCOUNT_SID = `AC${'e'.repeat(32)}`;
const BASE = 'https://cauce.outage.gob.ar';
const VOICE_NUMBER = `+54351${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
const NUMBER = `+54351${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
const TASK_QUEUE = `outage-${randomUUID()}`;

let dir: string;
let pgPort: number;
let temporalPort: number;
let databaseUrl: string;
let stopPg: () => Promise<void> = async () => {};
let temporal: TemporalDevServer | undefined;
let temporalBinary: string;
let db: Database;
let endDb: () => Promise<void>;
let worker: { stop(): Promise<void> } | undefined;
let runner: { stop(): Promise<void> } | undefined;
let restoreEnv = () => {};
let t: Tenant;
let POST_SMS: (r: Request) => Promise<Response>;
let POST_VOICE: (r: Request) => Promise<Response>;

const sid = () => `SM${randomUUID().replace(/-/g, '')}`;
const phone = () => `+5493514${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Sms = { sid: string; from: string; body: string };
const sms = (from: string, body: string): Sms => ({ sid: sid(), from, body });

/** A call's webhook (its first, or Twilio following a <Redirect>): TwiML within 15 s, whatever is down. */
async function callWebhook(url: string, call: Record<string, string>) {
  const started = performance.now();
  const res = await POST_VOICE(signedTwilioRequest({ publicUrl: url, params: call, authToken: AUTH_TOKEN }));
  const ms = performance.now() - started;
  log.warn({ ms: Math.round(ms), url }, 'call webhook answered');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/xml');
  expect(ms).toBeLessThan(12_000);
  return res.text();
}

const newCall = (to: string) => ({
  CallSid: `CA${randomUUID().replace(/-/g, '')}`,
  AccountSid: ACCOUNT_SID,
  From: phone(),
  To: to,
  CallStatus: 'ringing',
});

function post(m: Sms): Promise<Response> {
  return POST_SMS(
    signedTwilioRequest({
      publicUrl: `${BASE}/api/twilio/sms`,
      params: { MessageSid: m.sid, AccountSid: ACCOUNT_SID, From: m.from, To: NUMBER, Body: m.body },
      authToken: AUTH_TOKEN,
    }),
  );
}

/** Posts as Twilio retries a webhook that answered 5xx (a connection-override retry policy). */
async function postAsTwilio(m: Sms, tries = 3): Promise<number> {
  let status = 0;
  for (let i = 0; i < tries; i++) {
    status = (await post(m)).status;
    if (status < 500) return status;
    await sleep(300);
  }
  return status;
}

async function startPg() {
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'postgres'),
    port: pgPort,
    database: 'cauce_outage',
    log,
  });
  stopPg = pg.stop;
  return pg.url;
}

async function startTemporal() {
  temporal = await startTemporalDevServer({
    binaryPath: temporalBinary,
    dbFile: path.join(dir, 'temporal.sqlite'),
    port: temporalPort,
    uiPort: null,
    log,
  });
}

async function startWorker() {
  const connection = await NativeConnection.connect({ address: `127.0.0.1:${temporalPort}` });
  const w = await Worker.create({
    connection,
    taskQueue: TASK_QUEUE,
    dataConverter: dataConverter(),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: {
      ...createActivities({ db, channels: createSimulatorAdapter(db) }),
      recordPing: async (m: string) => m,
    },
  });
  const running = w.run();
  return {
    async stop() {
      w.shutdown();
      await running.catch(() => {});
      await connection.close();
    },
  };
}

/** Waits until every listed message is delivered (the runner retries what the webhook could not). */
async function allDelivered(sids: string[], ms = 45_000) {
  const until = Date.now() + ms;
  for (;;) {
    const rows = await db
      .select({ state: schema.inboundMessage.state })
      .from(schema.inboundMessage)
      .where(inArray(schema.inboundMessage.messageSid, sids))
      .catch(() => []);
    if (rows.length === sids.length && rows.every((r) => r.state === 'delivered')) return;
    if (Date.now() > until)
      throw new Error(`${rows.filter((r) => r.state === 'delivered').length}/${sids.length} delivered`);
    await sleep(200);
  }
}

async function waiting(from: string) {
  for (let i = 0; i < 200; i++) {
    const row = await db.query.replyWait.findFirst({
      where: and(eq(schema.replyWait.organizationId, t.org.id), eq(schema.replyWait.address, from)),
    });
    if (row) return;
    await sleep(100);
  }
  throw new Error(`no flow waits for ${from}`);
}

/** Flows started by a first message, each waiting for its sender's reply. */
async function waitingFlows(n: number): Promise<Sms[]> {
  const firsts = Array.from({ length: n }, () => sms(phone(), 'Hola'));
  for (const res of await Promise.all(firsts.map(post))) expect(res.status).toBe(200);
  for (const m of firsts) await waiting(m.from);
  return firsts;
}

/**
 * What reached the flows: every first message started exactly its own execution (msg-<sid>), and
 * every reply reached the flow its sender started, once (the flow's second wait got nothing), and
 * started nothing of its own.
 */
async function expectEachOnce(args: { firsts: Sms[]; replies: { to: Sms; reply: Sms }[] }) {
  const client = new Client({
    connection: await Connection.connect({ address: `127.0.0.1:${temporalPort}` }),
    dataConverter: dataConverter(),
  });
  try {
    const ids = args.firsts.map((m) => `msg-${m.sid}`);
    const executions = await db.select().from(schema.execution).where(inArray(schema.execution.id, ids));
    expect(executions.map((e) => e.id).sort()).toEqual([...ids].sort());
    // Each one reached Temporal: its workflow exists. (Whether a flow then survives PostgreSQL going
    // away under its own activities is the engine's retry policy, not the inbox's: not asserted.)
    for (const m of args.firsts) await client.workflow.getHandle(`msg-${m.sid}`).describe();
    for (const { to, reply } of args.replies) {
      const state = await client.workflow.getHandle(`msg-${to.sid}`).query(stateQuery);
      expect(state.activeStepId, `the flow of ${to.from} took one reply`).toBe('espera2');
      expect(state.variables.vars).toMatchObject({ r1: reply.body });
      expect(state.variables.vars).not.toHaveProperty('r2');
    }
    const replyIds = args.replies.map((r) => `msg-${r.reply.sid}`);
    expect(await db.$count(schema.execution, inArray(schema.execution.id, replyIds))).toBe(0);
    const rows = await db
      .select()
      .from(schema.inboundMessage)
      .where(
        inArray(
          schema.inboundMessage.messageSid,
          [...args.firsts, ...args.replies.map((r) => r.reply)].map((m) => m.sid),
        ),
      );
    expect(rows.every((r) => r.organizationId === t.org.id && r.deliveredAt !== null)).toBe(true);
    return rows;
  } finally {
    await client.connection.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cauce-outage-'));
  [pgPort, temporalPort] = [await freePort(), await freePort()];
  databaseUrl = await startPg();
  const pool = createDb(databaseUrl, { max: 5 });
  db = pool.db;
  endDb = () => pool.sql.end({ timeout: 1 });
  await runMigrations(db);
  temporalBinary = await resolveTemporalBinary({ dataDir: path.resolve('.data'), log });
  await startTemporal();
  restoreEnv = overrideEnv({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL: BASE,
    INBOX_LEASE_SECONDS: '2',
  });
  worker = await startWorker();
  POST_SMS = (await import('@/app/api/twilio/sms/route')).POST;
  POST_VOICE = (await import('@/app/api/twilio/voice/route')).POST;
  const { engineDepsFromEnv } = await import('@/server/services/executions/engine-deps-from-env');
  const { startInboxRunner } = await import('./inbox-runner');
  runner = startInboxRunner(engineDepsFromEnv(), { intervalMs: 200, maxBackoffMs: 1000 });

  t = await createTenant(db, 'Outage');
  const admin = callerFor(db, t, 'admin');
  const flow = await admin.flows.create({
    name: 'Dos respuestas',
    kind: 'inbound_message',
    graph: twoRepliesGraph(),
  });
  await admin.flows.publish({ flowId: flow.id, note: '' });
  await admin.flows.bind({ flowId: flow.id, type: 'message_number', address: NUMBER });
  const ivr = await admin.flows.create({ name: 'IVR', kind: 'inbound_voice', graph: ivrGraph() });
  await admin.flows.publish({ flowId: ivr.id, note: '' });
  await admin.flows.bind({ flowId: ivr.id, type: 'voice_number', address: VOICE_NUMBER });
}, 120_000);

afterAll(async () => {
  await runner?.stop();
  await worker?.stop();
  restoreEnv();
  await endDb?.();
  await temporal?.stop().catch(() => {});
  await stopPg().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('nothing is lost while a dependency is down', () => {
  it('Temporal stopped in the middle of traffic: every message reaches its flow once, after it returns', async () => {
    const waiters = await waitingFlows(6);
    const replies = waiters.map((to, i) => ({ to, reply: sms(to.from, `Sí ${i}`) }));
    const firsts: Sms[] = [];
    const send = async (news: number, replying: typeof replies) => {
      const batch = [
        ...Array.from({ length: news }, () => sms(phone(), 'Hola')),
        ...replying.map((r) => r.reply),
      ];
      firsts.push(...batch.filter((m) => m.body === 'Hola'));
      const answers = await Promise.all(batch.map(post));
      // Stored, so Twilio gets its 200 whether or not Temporal takes the message now.
      expect(answers.map((r) => r.status)).toEqual(batch.map(() => 200));
    };

    await send(3, replies.slice(0, 2));
    const down = performance.now();
    await temporal?.stop();
    await send(3, replies.slice(2, 4));
    await send(3, replies.slice(4));
    // A call while Temporal is down: at most one "un momento" and Twilio's retry, then the apology.
    const call = newCall(VOICE_NUMBER);
    let callXml = await callWebhook(`${BASE}/api/twilio/voice`, call);
    const redirect = /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(callXml)?.[1];
    if (redirect) {
      expect(callXml).toContain('Disculpe la demora');
      callXml = await callWebhook(redirect.replaceAll('&amp;', '&'), call);
    }
    expect(callXml).toContain('Lo sentimos');
    expect(callXml).toContain('<Hangup/>');
    const queued = await db
      .select({ state: schema.inboundMessage.state })
      .from(schema.inboundMessage)
      .where(eq(schema.inboundMessage.organizationId, t.org.id));
    expect(
      queued.some((r) => r.state !== 'delivered'),
      'some messages wait for Temporal',
    ).toBe(true);
    await startTemporal();
    log.warn({ downMs: Math.round(performance.now() - down) }, 'temporal was down');

    await allDelivered([...firsts, ...replies.map((r) => r.reply)].map((m) => m.sid));
    const rows = await expectEachOnce({ firsts: [...waiters, ...firsts], replies });
    expect(
      rows.some((r) => r.attempts > 1),
      'some were retried by the runner',
    ).toBe(true);
  }, 90_000);

  it('PostgreSQL stopped in the middle of traffic: arrivals get a 5xx, Twilio re-sends them, each arrives once; a call hears the apology', async () => {
    const waiters = await waitingFlows(4);
    const replies = waiters.map((to, i) => ({ to, reply: sms(to.from, `Confirmo ${i}`) }));
    const before = [sms(phone(), 'Hola'), sms(phone(), 'Hola')];
    for (const res of await Promise.all([...before, replies[0]?.reply].flatMap((m) => (m ? [post(m)] : []))))
      expect(res.status).toBe(200);

    await stopPg();
    const during = [sms(phone(), 'Hola'), sms(phone(), 'Hola'), ...replies.slice(1).map((r) => r.reply)];
    const refused = await Promise.all(during.map(post));
    expect(refused.map((r) => r.status)).toEqual(during.map(() => 503));

    const xml = await callWebhook(`${BASE}/api/twilio/voice`, newCall(VOICE_NUMBER));
    expect(xml).toContain('Lo sentimos');
    expect(xml).toContain('<Hangup/>');

    await startPg();
    // Twilio's retry of what it got a 5xx for (and a second retry of one: stored once all the same).
    // Right after the restart a pooled connection may still fail once: that is a 5xx, retried again.
    for (const m of [...during, ...during.slice(0, 1)]) expect(await postAsTwilio(m)).toBe(200);

    const firsts = [...before, ...during.filter((m) => m.body === 'Hola')];
    await allDelivered([...firsts, ...replies.map((r) => r.reply)].map((m) => m.sid));
    await expectEachOnce({ firsts: [...waiters, ...firsts], replies });
  }, 90_000);
});
