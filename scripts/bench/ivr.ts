import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { WithStartWorkflowOperation, type WorkflowHandle } from '@temporalio/client';
import twilio from 'twilio';
import { addMember, createOrganization, createUser } from '../../db/seed/factories';
import { createBinding } from '../../server/services/bindings/bindings';
import { verbsOf } from '../../server/services/calls/twiml-check';
import { createFlow, saveDraft } from '../../server/services/flows/flows';
import { publishFlow } from '../../server/services/flows/publish';
import { echo, type echoUpdate, stop } from '../../workflows/system-ping';
import { ivrGraph } from '../../workflows/testing/graphs';
import type { Emit } from '../bench';
import { freePort } from '../lib/temporal-dev-server';
import { type NextServer, startNext } from './next-server';
import { startBenchStack } from './stack';

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
 * check, the binding lookup, the Temporal update and the TwiML. In the same
 * run and with the same load shape (50 callers answering 2 s after every prompt), a raw
 * executeUpdate with a trivial handler gives the Temporal baseline.
 */
export async function run(emit: Emit): Promise<void> {
  const stack = await startBenchStack();
  const token = randomBytes(16).toString('hex');
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
        TWILIO_AUTH_TOKEN: token,
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_TASK_QUEUE: stack.taskQueue,
      },
    });

    const caller = new SimulatedTwilio(origin, token, number);
    log('warming up');
    for (let i = 0; i < 3; i++) await caller.call({ answers: 3, thinkMs: 50 });

    const c1 = caller.newSamples();
    for (let i = 0; i < 4; i++) await caller.call({ answers: 10, thinkMs: 250, samples: c1 });
    // One caller alone: a shorter pause keeps the phase short; one call at a time is the point.
    log(`c1: ${c1.turns.length} turns, ${c1.first.length} first turns, ${c1.failures} failures`);
    emit('ivr.turn.c1.p50_ms', percentile(c1.turns, 50), 'ms');
    emit('ivr.turn.c1.p99_ms', percentile(c1.turns, 99), 'ms');

    const c50 = caller.newSamples();
    const cpuBefore = cpuByProcess();
    const stalls = process.env.BENCH_IVR_DETAIL ? watchStalls() : null;
    if (process.env.BENCH_IVR_DETAIL) log(`c50 phase starts at ${process.hrtime.bigint() / 1000n} µs`);
    const ivrSeconds = await openLoad(async (i) => {
      await sleep(i * (THINK_MS / CALLERS));
      await caller.call({ answers: ANSWERS_PER_CALL, thinkMs: THINK_MS, samples: c50 });
    });
    const total = c50.turns.length + c50.first.length;
    log(
      `c50: ${c50.turns.length} turns + ${c50.first.length} first turns in ${ivrSeconds.toFixed(1)} s ` +
        `(${(total / ivrSeconds).toFixed(1)} turns/s), ${c50.failures} failures`,
    );
    if (process.env.BENCH_IVR_DETAIL) {
      log(`c50 phase ends at ${process.hrtime.bigint() / 1000n} µs`);
      detail(c50);
      const t0 = Math.min(...c50.at.map(([t]) => t));
      log(
        `bench event loop stalls > 25 ms: ${stalls
          ?.stop()
          .map(([t, ms]) => `${((t - t0) / 1000).toFixed(2)}s=${ms.toFixed(0)}`)
          .join(' ')}`,
      );
      log(`cpu seconds in the c50 phase: ${cpuSince(cpuBefore)}`);
    }
    emit('ivr.turn.c50.p50_ms', percentile(c50.turns, 50), 'ms');
    emit('ivr.turn.c50.p99_ms', percentile(c50.turns, 99), 'ms');
    emit('ivr.first_turn.c50.p99_ms', percentile(c50.first, 99), 'ms');

    // The baseline, with the same load as the calls: per caller a trivial workflow started by its first
    // update (update-with-start, as a call's first turn), then an `echo` update 2 s after every answer,
    // the last of which ends it (as a call's goodbye does). Like the calls' turns, the first is apart.
    const raw = { first: [] as number[], turns: [] as number[] };
    const rawCpuBefore = cpuByProcess();
    const rawSeconds = await openLoad(async (i) => {
      await sleep(i * (THINK_MS / CALLERS));
      const workflowId = `bench-echo-${randomUUID()}`;
      let t0 = performance.now();
      await stack.client.workflow.executeUpdateWithStart(echo, {
        args: [`${i}:0`],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof echoUpdate>('echoUpdate', {
          workflowId,
          taskQueue: stack.taskQueue,
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      raw.first.push(performance.now() - t0);
      const handle = stack.client.workflow.getHandle<typeof echoUpdate>(workflowId);
      for (let k = 1; k <= ANSWERS_PER_CALL; k++) {
        await sleep(THINK_MS);
        t0 = performance.now();
        await handle.executeUpdate(echo, { args: [`${i}:${k}`, k === ANSWERS_PER_CALL] });
        raw.turns.push(performance.now() - t0);
      }
    });
    log(`raw: ${raw.turns.length} updates + ${raw.first.length} starts in ${rawSeconds.toFixed(1)} s`);
    if (process.env.BENCH_IVR_DETAIL) log(`cpu seconds in the raw phase: ${cpuSince(rawCpuBefore)}`);
    emit('temporal.update.c50.p50_ms', percentile(raw.turns, 50), 'ms');
    emit('temporal.update.c50.p99_ms', percentile(raw.turns, 99), 'ms');
    emit('temporal.update_with_start.c50.p99_ms', percentile(raw.first, 99), 'ms');

    // For reference, the lighter baseline of earlier runs: the same updates on workflows that were
    // all running before the phase (no starts, no completions while it lasts).
    const handles: WorkflowHandle<typeof echoUpdate>[] = [];
    for (let i = 0; i < CALLERS; i++) {
      handles.push(
        await stack.client.workflow.start<typeof echoUpdate>('echoUpdate', {
          taskQueue: stack.taskQueue,
          workflowId: `bench-echo-${randomUUID()}`,
        }),
      );
    }
    for (const h of handles) await h.executeUpdate(echo, { args: ['warm'] });
    const running: number[] = [];
    await openLoad(async (i) => {
      const handle = handles[i];
      if (!handle) return;
      await sleep(i * (THINK_MS / CALLERS));
      for (let k = 1; k <= ANSWERS_PER_CALL; k++) {
        const t0 = performance.now();
        await handle.executeUpdate(echo, { args: [`${i}:${k}`] });
        running.push(performance.now() - t0);
        if (k < ANSWERS_PER_CALL) await sleep(THINK_MS);
      }
    });
    await Promise.all(handles.map((h) => h.signal(stop)));
    emit('temporal.update_running.c50.p50_ms', percentile(running, 50), 'ms');
    emit('temporal.update_running.c50.p99_ms', percentile(running, 99), 'ms');
    if (c1.failures + c50.failures > 0) throw new Error(`${c1.failures + c50.failures} calls went wrong`);
  } finally {
    await next?.stop();
    await stack.stop();
  }
}

type Samples = {
  turns: number[];
  first: number[];
  /** Every turn as [start (performance.now), turn index, ms], for BENCH_IVR_DETAIL. */
  at: [number, number, number][];
  failures: number;
};

/** Plays Twilio: signs and posts the call's webhooks, follows the TwiML's Gather action URLs. */
class SimulatedTwilio {
  constructor(
    private readonly origin: string,
    private readonly token: string,
    private readonly number: string,
  ) {}

  newSamples(): Samples {
    return { turns: [], first: [], at: [], failures: 0 };
  }

  /** One call: the first turn, then `answers` answers (9 to repeat the menu, the last one 1). */
  async call(opts: { answers: number; thinkMs: number; samples?: Samples }): Promise<void> {
    const samples = opts.samples ?? this.newSamples();
    const call = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: `AC${randomBytes(16).toString('hex')}`,
      From: `+549342${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`,
      To: this.number,
      CallStatus: 'in-progress',
      Direction: 'inbound',
    };
    let url = `${this.origin}/api/twilio/voice`;
    let params: Record<string, string> = call;
    for (let turn = 0; turn <= opts.answers; turn++) {
      const signature = twilio.getExpectedTwilioSignature(this.token, url, params);
      const t0 = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      const xml = await res.text();
      const ms = performance.now() - t0;
      (turn === 0 ? samples.first : samples.turns).push(ms);
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

/** Runs one task per caller at once and returns the seconds it took; fails past the phase limit. */
async function openLoad(task: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`phase exceeded ${PHASE_LIMIT_MS} ms`)), PHASE_LIMIT_MS);
  });
  try {
    await Promise.race([Promise.all(Array.from({ length: CALLERS }, (_, i) => task(i))), limit]);
  } finally {
    clearTimeout(timer);
  }
  return (performance.now() - started) / 1000;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

function detail(s: Samples): void {
  const fmt = (xs: number[]) =>
    `p50 ${percentile(xs, 50).toFixed(1)} p90 ${percentile(xs, 90).toFixed(1)} p99 ${percentile(xs, 99).toFixed(1)} (n=${xs.length})`;
  log(`last turns ${fmt(s.at.filter(([, turn]) => turn === ANSWERS_PER_CALL).map(([, , ms]) => ms))}`);
  const mid = s.at.filter(([, turn]) => turn > 0 && turn < ANSWERS_PER_CALL);
  log(`mid turns ${fmt(mid.map(([, , ms]) => ms))}`);
  const t0 = Math.min(...s.at.map(([t]) => t));
  const top = (xs: typeof s.at) =>
    [...xs]
      .sort((a, b) => b[2] - a[2])
      .slice(0, 10)
      .map(([t, turn, ms]) => `${((t - t0) / 1000).toFixed(2)}s#${turn}=${ms.toFixed(0)}`)
      .join(' ');
  log(`slowest: ${top(s.at)}`);
  log(`slowest mid: ${top(mid)}`);
}

/** CPU seconds used so far by each process name on this machine (Linux /proc), for the detail log. */
function cpuByProcess(): Map<string, number> {
  const out = new Map<string, number>();
  const own = readdirSync('/proc/self/task').map((tid) => `self/task/${tid}`);
  for (const pid of [...readdirSync('/proc').filter((d) => /^\d+$/.test(d)), ...own]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const name = pid.startsWith('self/') ? `bench thread ${comm} ${pid.slice(10)}` : comm;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      out.set(name, (out.get(name) ?? 0) + ticks / 100);
    } catch {
      // The process ended while we read it.
    }
  }
  return out;
}

function cpuSince(before: Map<string, number>): string {
  return [...cpuByProcess()]
    .map(([name, s]) => [name, s - (before.get(name) ?? 0)] as const)
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
