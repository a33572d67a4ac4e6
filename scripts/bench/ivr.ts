import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { WithStartWorkflowOperation } from '@temporalio/client';
import twilio from 'twilio';
import { addMember, createOrganization, createUser } from '../../db/seed/factories';
import { BENCH_TOKEN_ENV, BENCH_TOKEN_HEADER } from '../../server/services/bench/bench-token';
import { createBinding } from '../../server/services/bindings/bindings';
import { verbsOf } from '../../server/services/calls/twiml-check';
import { createFlow, saveDraft } from '../../server/services/flows/flows';
import { publishFlow } from '../../server/services/flows/publish';
import { echo, type echoUpdate } from '../../workflows/system-ping';
import { ivrGraph } from '../../workflows/testing/graphs';
import type { Emit } from '../bench';
import { freePort } from '../lib/temporal-dev-server';
import { type NextServer, startNext } from './next-server';
import { startBenchStack } from './stack';

type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;

const log = (m: string) => process.stderr.write(`[ivr] ${m}\n`);

const CALLERS = 50;
const THINK_MS = 2000;
/** Answers per call after the first turn: 9 (repeat the menu) …, then 1 (goodbye). */
const ANSWERS_PER_CALL = 8;
const PHASE_LIMIT_MS = 120_000;

/**
 * IVR turns through the running Next server: a simulated Twilio signs each form post, sends it
 * over HTTP to `next start` (a production build, made once per bench run unless --no-build), reads
 * the TwiML and follows its Gather action URL. The figures cover Next's router, the signature
 * check, the binding lookup, the Temporal update and the TwiML. Each load of 50 callers (answering
 * 2 s after every prompt) runs as a busy hour and as a burst (see measureLoad); in the same run,
 * after each, the same load of raw executeUpdates with a trivial handler gives the Temporal baseline,
 * and then the same trivial update sent through a Next route (`temporal.update_via_next`), which
 * tells the cost of the HTTP hop through Next apart from the cost of Cauce's engine.
 */
export async function run(emit: Emit): Promise<void> {
  // The worker in a process of its own, as in production: not on the event loop of the callers.
  const stack = await startBenchStack({ worker: 'process' });
  const token = randomBytes(16).toString('hex');
  // The platform's account: Twilio names it in every webhook about the platform's numbers.
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  // Switches on the echo route (app/api/bench/echo) for this server only.
  const benchToken = randomBytes(16).toString('hex');
  let next: NextServer | undefined;
  try {
    const number = '+543424000777';
    const org = await createOrganization(stack.db, {
      name: 'Bench IVR',
      slug: `bench-ivr-${randomUUID().slice(0, 8)}`,
    });
    const user = await createUser(stack.db, {
      name: 'Bench',
      email: `bench-${randomUUID()}@bench.local`,
      password: 'bench-password',
    });
    await addMember(stack.db, { organizationId: org.id, userId: user.id, roles: ['admin'] });
    const actor = { organizationId: org.id, userId: user.id, requestId: 'bench' };
    const flow = await createFlow(stack.db, actor, { name: 'IVR', kind: 'inbound_voice' });
    await saveDraft(stack.db, actor, { flowId: flow.id, graph: ivrGraph(), baseRevision: 0 });
    await publishFlow(stack.db, actor, { flowId: flow.id, note: 'bench' });
    await createBinding(stack.db, actor, { flowId: flow.id, type: 'voice_number', address: number });

    // The webhooks go through a production `next start`, as Twilio's would; the worker runs here.
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
        [BENCH_TOKEN_ENV]: benchToken,
      },
    });

    const caller = new SimulatedTwilio({ origin, token, accountSid, number });
    log('warming up');
    for (let i = 0; i < 3; i++) await caller.call({ answers: 3, thinkMs: 50 });

    const c1 = newSamples();
    for (let i = 0; i < 4; i++) await caller.call({ answers: 10, thinkMs: 250, samples: c1 });
    // One caller alone: a shorter pause keeps the phase short; one call at a time is the point.
    log(`c1: ${turnsOf(c1).length} turns, ${firstTurnsOf(c1).length} first turns, ${c1.failures} failures`);
    emit('ivr.turn.c1.p50_ms', percentile(turnsOf(c1), 50), 'ms');
    emit('ivr.turn.c1.p99_ms', percentile(turnsOf(c1), 99), 'ms');

    // Each load runs twice: as a busy hour (the figures) and as a burst (`…c50_burst…`), Cauce first
    // and then, under the same load, a raw update on a trivial workflow.
    const failures = [c1.failures];
    for (const shape of ['steady', 'burst'] as const) {
      const suffix = shape === 'steady' ? 'c50' : 'c50_burst';
      const ivr = await measureLoad(`ivr ${shape}`, shape, (_i, samples) =>
        caller.call({ answers: ANSWERS_PER_CALL, thinkMs: THINK_MS, samples }),
      );
      failures.push(ivr.failures);
      emit(`ivr.turn.${suffix}.p50_ms`, percentile(turnsOf(ivr), 50), 'ms');
      emit(`ivr.turn.${suffix}.p99_ms`, percentile(turnsOf(ivr), 99), 'ms');
      emit(`ivr.first_turn.${suffix}.p99_ms`, percentile(firstTurnsOf(ivr), 99), 'ms');

      // The baseline lives like a call: a trivial workflow started by its first update (update-with-
      // start, as a call's first turn), an `echo` update 2 s after every answer, the last of which
      // ends it (as a call's goodbye does). Like the calls' turns, the first is apart.
      const raw = await measureLoad(`raw ${shape}`, shape, (i, samples) => rawCall(stack, samples, i));
      emit(`temporal.update.${suffix}.p50_ms`, percentile(turnsOf(raw), 50), 'ms');
      emit(`temporal.update.${suffix}.p99_ms`, percentile(turnsOf(raw), 99), 'ms');
      emit(`temporal.update_with_start.${suffix}.p99_ms`, percentile(firstTurnsOf(raw), 99), 'ms');

      // The raw baseline's calls again, each update sent as a webhook is: over HTTP to a Next route.
      const viaNext = await measureLoad(`raw via next ${shape}`, shape, (i, samples) =>
        echoCallViaNext({ origin, token: benchToken }, samples, i),
      );
      failures.push(viaNext.failures);
      emit(`temporal.update_via_next.${suffix}.p50_ms`, percentile(turnsOf(viaNext), 50), 'ms');
      emit(`temporal.update_via_next.${suffix}.p99_ms`, percentile(turnsOf(viaNext), 99), 'ms');
    }
    const failed = failures.reduce((a, b) => a + b, 0);
    if (failed > 0) throw new Error(`${failed} calls went wrong`);
  } finally {
    await next?.stop();
    await stack.stop();
  }
}

type Samples = {
  /** Every turn as [start (performance.now), turn index (0: the first), ms]. */
  at: [number, number, number][];
  failures: number;
};

function newSamples(): Samples {
  return { at: [], failures: 0 };
}

/** The answers' turns (every turn but a call's first). */
function turnsOf(s: Samples): number[] {
  return s.at.filter(([, turn]) => turn > 0).map(([, , ms]) => ms);
}

/** The first turns: those that start the call's workflow. */
function firstTurnsOf(s: Samples): number[] {
  return s.at.filter(([, turn]) => turn === 0).map(([, , ms]) => ms);
}

/** Plays Twilio: signs and posts the call's webhooks, follows the TwiML's Gather action URLs. */
class SimulatedTwilio {
  constructor(
    private readonly account: { origin: string; token: string; accountSid: string; number: string },
  ) {}

  /** One call: the first turn, then `answers` answers (9 to repeat the menu, the last one 1). */
  async call(opts: { answers: number; thinkMs: number; samples?: Samples }): Promise<void> {
    const samples = opts.samples ?? newSamples();
    const call = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: this.account.accountSid,
      From: `+549342${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`,
      To: this.account.number,
      CallStatus: 'in-progress',
      Direction: 'inbound',
    };
    let url = `${this.account.origin}/api/twilio/voice`;
    let params: Record<string, string> = call;
    for (let turn = 0; turn <= opts.answers; turn++) {
      const signature = twilio.getExpectedTwilioSignature(this.account.token, url, params);
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      const xml = await res.text();
      const ms = performance.now() - t0;
      samples.at.push([t0, turn, ms]);
      const verbs = res.ok ? verbsOf(xml) : [];
      const action = verbs.find((v) => v.name === 'Gather')?.attributes.action;
      const last = turn === opts.answers;
      if (last ? verbs.at(-1)?.name !== 'Hangup' : !action) {
        samples.failures++;
        log(`unexpected answer (HTTP ${res.status}) on turn ${turn}: ${xml.slice(0, 300)}`);
        return;
      }
      if (!action) return;
      await sleep(opts.thinkMs);
      url = action;
      params = { ...call, Digits: turn + 1 === opts.answers ? '1' : '9' };
    }
  }
}

/** A call's length at THINK_MS a prompt; in a busy hour the callers' first calls start over this span. */
const CALL_MS = ANSWERS_PER_CALL * THINK_MS;
/** How long a busy hour is measured, once every caller is in a call. */
const STEADY_MS = 16_000;

/**
 * Runs one load of CALLERS callers and returns the turns it counts.
 * - steady (a busy hour): the callers' first calls start spread over one call's length and each
 *   caller calls again as soon as a call ends, so CALLERS calls are always in progress and calls
 *   start and end at ~3/s. Only the turns of the STEADY_MS that follow the ramp-up count.
 * - burst: one call per caller, all starting within 2 s (40 ms apart), so they also all end within
 *   2 s: 25 calls start, and later 25 end, each second. Every turn counts.
 */
async function measureLoad(
  name: string,
  shape: 'steady' | 'burst',
  call: (caller: number, samples: Samples) => Promise<void>,
): Promise<Samples> {
  const samples = newSamples();
  const detailed = Boolean(process.env.BENCH_IVR_DETAIL);
  const cpuBefore = detailed ? cpuByProcess() : null;
  const stalls = detailed ? watchStalls() : null;
  const started = performance.now();
  const window =
    shape === 'steady'
      ? [started + CALL_MS, started + CALL_MS + STEADY_MS]
      : [started, Number.POSITIVE_INFINITY];
  const [from, until] = window as [number, number];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} exceeded ${PHASE_LIMIT_MS} ms`)), PHASE_LIMIT_MS);
  });
  const callers = Array.from({ length: CALLERS }, async (_, i) => {
    if (shape === 'burst') {
      await sleep(i * (THINK_MS / CALLERS));
      await call(i, samples);
      return;
    }
    await sleep(i * (CALL_MS / CALLERS));
    while (performance.now() < until) await call(i, samples);
  });
  try {
    await Promise.race([Promise.all(callers), limit]);
  } finally {
    clearTimeout(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  const counted: Samples = {
    at: samples.at.filter(([t]) => t >= from && t < until),
    failures: samples.failures,
  };
  const windowSeconds = shape === 'steady' ? STEADY_MS / 1000 : seconds;
  log(
    `${name}: ${turnsOf(counted).length} turns + ${firstTurnsOf(counted).length} first turns counted ` +
      `(${(counted.at.length / windowSeconds).toFixed(1)} turns/s) of ${samples.at.length} in ${seconds.toFixed(1)} s, ` +
      `${samples.failures} failures`,
  );
  if (detailed && cpuBefore && stalls) {
    detail(counted, started);
    log(
      `${name}: bench event loop stalls > 25 ms: ${stalls
        .stop()
        .map(([t, ms]) => `${((t - started) / 1000).toFixed(2)}s=${ms.toFixed(0)}`)
        .join(' ')}`,
    );
    log(`${name}: cpu seconds in the phase: ${cpuSince(cpuBefore)}`);
  }
  return counted;
}

/** The raw baseline's "call": a trivial workflow that lives as long as a call and takes as many updates. */
async function rawCall(stack: BenchStack, samples: Samples, caller: number): Promise<void> {
  const workflowId = `bench-echo-${randomUUID()}`;
  let t0 = performance.now();
  await stack.client.workflow.executeUpdateWithStart(echo, {
    args: [`${caller}:0`],
    startWorkflowOperation: new WithStartWorkflowOperation<typeof echoUpdate>('echoUpdate', {
      workflowId,
      taskQueue: stack.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  samples.at.push([t0, 0, performance.now() - t0]);
  const handle = stack.client.workflow.getHandle<typeof echoUpdate>(workflowId);
  for (let k = 1; k <= ANSWERS_PER_CALL; k++) {
    await sleep(THINK_MS);
    t0 = performance.now();
    await handle.executeUpdate(echo, { args: [`${caller}:${k}`, k === ANSWERS_PER_CALL] });
    samples.at.push([t0, k, performance.now() - t0]);
  }
}

/** rawCall's call, each update posted to the bench's echo route on the Next server (app/api/bench/echo). */
async function echoCallViaNext(
  next: { origin: string; token: string },
  samples: Samples,
  caller: number,
): Promise<void> {
  const workflowId = `bench-echo-${randomUUID()}`;
  for (let turn = 0; turn <= ANSWERS_PER_CALL; turn++) {
    if (turn > 0) await sleep(THINK_MS);
    const t0 = performance.now();
    const res = await fetch(`${next.origin}/api/bench/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', [BENCH_TOKEN_HEADER]: next.token },
      body: new URLSearchParams({
        workflowId,
        turn: String(turn),
        last: turn === ANSWERS_PER_CALL ? '1' : '0',
      }).toString(),
    });
    const xml = await res.text();
    samples.at.push([t0, turn, performance.now() - t0]);
    if (!res.ok || !xml.includes(`${workflowId}:${turn}`)) {
      samples.failures++;
      log(
        `caller ${caller}: unexpected echo answer (HTTP ${res.status}) on turn ${turn}: ${xml.slice(0, 200)}`,
      );
      return;
    }
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

function detail(s: Samples, started: number): void {
  const fmt = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)} p90 ${percentile(xs, 90).toFixed(1)} p99 ${percentile(xs, 99).toFixed(1)} (n=${xs.length})`;
  log(`  last turns ${fmt(s.at.filter(([, turn]) => turn === ANSWERS_PER_CALL).map(([, , ms]) => ms))}`);
  const mid = s.at.filter(([, turn]) => turn > 0 && turn < ANSWERS_PER_CALL);
  log(`  mid turns ${fmt(mid.map(([, , ms]) => ms))}`);
  const top = (xs: typeof s.at) =>
    [...xs]
      .sort((a, b) => b[2] - a[2])
      .slice(0, 10)
      .map(([t, turn, ms]) => `${((t - started) / 1000).toFixed(2)}s#${turn}=${ms.toFixed(0)}`)
      .join(' ');
  log(`  slowest: ${top(s.at)}`);
  log(`  slowest mid: ${top(mid)}`);
}

/** CPU seconds used so far by each process and bench thread on this machine (Linux /proc), for the detail log. */
function cpuByProcess(): Map<string, { name: string; seconds: number }> {
  const out = new Map<string, { name: string; seconds: number }>();
  const own = readdirSync('/proc/self/task').map((tid) => `self/task/${tid}`);
  for (const pid of [...readdirSync('/proc').filter((d) => /^\d+$/.test(d)), ...own]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Kernel workers rename themselves after the queue they serve: the name is for display only.
      const comm = stat
        .slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
        .replace(/^(kworker\/[^-]+)-.*/, '$1');
      const name = pid.startsWith('self/') ? `bench thread ${comm}` : comm;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // The process ended while we read it.
    }
  }
  return out;
}

/** CPU seconds per process name since `before` (processes started since then count from zero). */
function cpuSince(before: Map<string, { name: string; seconds: number }>): string {
  const byName = new Map<string, number>();
  for (const [pid, { name, seconds }] of cpuByProcess()) {
    byName.set(name, (byName.get(name) ?? 0) + seconds - (before.get(pid)?.seconds ?? 0));
  }
  return [...byName]
    .filter(([, s]) => s >= 0.1)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(1)}`)
    .join(', ');
}

/** Times the bench's own event loop was late by more than 25 ms (the callers and the worker share it). */
function watchStalls(): { stop: () => [number, number][] } {
  const found: [number, number][] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 35) found.push([last, now - last - 10]);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return found;
    },
  };
}
