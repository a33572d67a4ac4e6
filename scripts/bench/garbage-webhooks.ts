import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import twilio from 'twilio';
import { DEMO_IVR_NUMBER, seedDemo } from '../../db/seed/demo';
import { createLogger } from '../../server/logger';
import { verbsOf } from '../../server/services/calls/twiml-check';
import type { Emit } from '../bench';
import { freePort } from '../lib/temporal-dev-server';
import { type NextServer, startNext } from './next-server';
import { startBenchStack } from './stack';

const log = (m: string) => process.stderr.write(`[webhooks] ${m}\n`);

const REQUESTS = 10_000;
const CONCURRENCY = 50;
const SID_BYTES = 20_000;

/**
 * Garbage on a Twilio webhook (issue 14.2): 10,000 unsigned POSTs to /api/twilio/sms, 50 at a
 * time, each with a 20 KB AccountSid, against a production `next start` over the demo data. Each
 * must be refused (400, before any key, cache or database lookup) without the server keeping
 * anything. Figures: the server's RSS growth over the flood (`webhooks.garbage_rss_growth_mb`),
 * requests refused per second (`webhooks.garbage_per_s`), and whether the demo IVR still answers a
 * signed voice webhook afterwards (`webhooks.ivr_answers_after`, 1 or 0).
 */
export async function run(emit: Emit): Promise<void> {
  const stack = await startBenchStack({ worker: 'process' });
  const token = randomBytes(16).toString('hex');
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  let next: NextServer | undefined;
  try {
    await seedDemo(stack.db, createLogger('bench', { stderr: true }).child({}, { level: 'warn' }));
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    next = await startNext({
      port,
      env: {
        PUBLIC_BASE_URL: origin,
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: token,
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
      },
    });
    const pid = next.pid;
    if (pid === undefined) throw new Error('next start has no pid');

    // Warm both paths (route compilation, first connections) before the first reading.
    if (!(await ivrAnswers({ origin, token, accountSid }))) throw new Error('the demo IVR did not answer');
    const garbage = garbageBody();
    for (let i = 0; i < CONCURRENCY; i++) await postGarbage(origin, garbage);

    const before = treeRssMb(pid);
    const statuses = new Map<number, number>();
    const started = performance.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (sent < REQUESTS) {
          sent++;
          const status = await postGarbage(origin, garbage);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = treeRssMb(pid);
    log(
      `statuses: ${JSON.stringify(Object.fromEntries(statuses))}; RSS ${before.toFixed(1)} → ${after.toFixed(1)} MB`,
    );
    const refused = statuses.get(400) ?? 0;
    if (refused !== REQUESTS) log(`${REQUESTS - refused} of ${REQUESTS} were not refused with 400`);

    emit('webhooks.garbage_rss_growth_mb', after - before, 'MB');
    emit('webhooks.garbage_per_s', REQUESTS / seconds, 'req/s');
    emit('webhooks.ivr_answers_after', (await ivrAnswers({ origin, token, accountSid })) ? 1 : 0, 'bool');
  } finally {
    await next?.stop();
    await stack.stop();
  }
}

/** An inbound-message form that is well formed but for its AccountSid: 20 KB of hex. */
function garbageBody(): string {
  return new URLSearchParams({
    AccountSid: `AC${'f'.repeat(SID_BYTES)}`,
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    From: '+5493425550101',
    To: DEMO_IVR_NUMBER,
    Body: 'Hola',
  }).toString();
}

async function postGarbage(origin: string, body: string): Promise<number> {
  const res = await fetch(`${origin}/api/twilio/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** A signed incoming call to the demo IVR: answered when its first prompt asks for a choice. */
async function ivrAnswers(account: { origin: string; token: string; accountSid: string }): Promise<boolean> {
  const url = `${account.origin}/api/twilio/voice`;
  const params = {
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    AccountSid: account.accountSid,
    From: '+5493425550199',
    To: DEMO_IVR_NUMBER,
    CallStatus: 'ringing',
    Direction: 'inbound',
  };
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(account.token, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const xml = await res.text();
  const ok = res.status === 200 && verbsOf(xml).some((v) => v.name === 'Gather');
  if (!ok) log(`the demo IVR answered HTTP ${res.status}: ${xml.slice(0, 300)}`);
  return ok;
}

/** Resident memory of a process and its descendants (next start may run the server in a child), in MB. */
function treeRssMb(pid: number): number {
  let kb = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === undefined) break;
    try {
      const status = readFileSync(`/proc/${current}/status`, 'utf8');
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        for (const child of children ? children.split(/\s+/) : []) pending.push(Number(child));
      }
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return kb / 1024;
}
