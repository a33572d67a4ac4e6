import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { Logger } from '../../server/logger';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_LINES_KEPT = 40;
// grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING; @temporalio/proto is not a direct dependency.
const HEALTH_SERVING = 1;

// Measured in STACK-NOTES.md: the defaults (4 task-queue partitions, 20 polls/s on the transfer queue)
// dominate latency on the dev server.
const TUNING_FLAGS: readonly string[] = [
  '--dynamic-config-value',
  'matching.numTaskqueueReadPartitions=1',
  '--dynamic-config-value',
  'matching.numTaskqueueWritePartitions=1',
  '--dynamic-config-value',
  'history.transferProcessorMaxPollRPS=1000',
  '--dynamic-config-value',
  'history.timerProcessorMaxPollRPS=1000',
  '--dynamic-config-value',
  'history.visibilityProcessorMaxPollRPS=1000',
];

// The CLI accepts these in in-memory mode too, but an in-memory SQLite database has no WAL and nothing
// to sync, so they are passed only with a db file.
const SQLITE_PRAGMA_FLAGS: readonly string[] = [
  '--sqlite-pragma',
  'journal_mode=wal',
  '--sqlite-pragma',
  'synchronous=normal',
];

export type TemporalDevServer = { address: string; uiUrl: string | null; stop(): Promise<void> };

type StartOutcome = { kind: 'ready' } | { kind: 'timeout' } | { kind: 'ended'; reason: string };

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`unexpected listen address: ${String(address)}`));
        return;
      }
      server.close(() => resolvePort(address.port));
    });
  });
}

function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect({ host: HOST, port });
    socket.setTimeout(1000);
    const done = (open: boolean) => {
      socket.destroy();
      resolveOpen(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function isServing(address: string): Promise<boolean> {
  // lazy + ensureConnected rather than connect(), which does not close its channel when it fails.
  const connection = Connection.lazy({ address, connectTimeout: 2000 });
  try {
    await connection.ensureConnected();
    const res = await connection.withDeadline(Date.now() + 2000, () => connection.healthService.check({}));
    return res.status === HEALTH_SERVING;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function waitUntilServing(
  port: number,
  address: string,
  deadline: number,
  signal: AbortSignal,
): Promise<boolean> {
  while (!signal.aborted && Date.now() < deadline) {
    // A bare TCP probe first: a gRPC connect to a closed port waits out grpc-js's reconnect backoff.
    if ((await portAcceptsConnections(port)) && (await isServing(address))) return true;
    await sleep(50);
  }
  return false;
}

function hasExited(child: ChildProcess): boolean {
  return child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolveExited) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolveExited(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolveExited(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Starts `temporal server start-dev` and resolves once its frontend answers the gRPC health check.
 * `dbFile: null` keeps everything in memory; `uiPort: null` runs headless.
 */
export async function startTemporalDevServer(opts: {
  binaryPath: string;
  dbFile: string | null;
  port: number;
  uiPort: number | null;
  namespace?: string;
  log: Logger;
}): Promise<TemporalDevServer> {
  const log = opts.log.child({ component: 'temporal' });
  const address = `${HOST}:${opts.port}`;
  // Fail clearly up front; otherwise the health probe would talk to whatever holds the port, and a
  // grpc-js channel stuck on a non-gRPC listener outlives close() and holds the process open.
  for (const port of [opts.port, opts.uiPort]) {
    if (port !== null && (await portAcceptsConnections(port))) {
      throw new Error(`cannot start the temporal dev server: ${HOST}:${port} is already in use`);
    }
  }
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(opts.port)];
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFile !== null) {
    const dbFile = resolve(opts.dbFile);
    // The CLI checks the parent directory and fails rather than creating it.
    await mkdir(dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  args.push('--namespace', opts.namespace ?? 'default', '--log-level', 'warn', ...TUNING_FLAGS);
  if (opts.dbFile !== null) args.push(...SQLITE_PRAGMA_FLAGS);

  const started = Date.now();
  log.debug({ binary: opts.binaryPath, args }, 'starting temporal dev server');
  const child = spawn(opts.binaryPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  let stopping: Promise<void> | null = null;
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > OUTPUT_LINES_KEPT) recent.shift();
  };
  // stdout carries the startup banner; stderr the server's own log lines, which are mostly routine
  // warnings (e.g. poll errors during shutdown), so only its errors go above debug.
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.trim() === '') return;
    remember(line);
    log.info(line);
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    remember(line);
    // Shutting down logs a burst of "context canceled" errors: routine, so they stay at debug.
    if (stopping === null && /\blevel=(ERROR|FATAL|PANIC)\b|^panic:/.test(line)) log.info(line);
    else log.debug(line);
  });
  const outputTail = () =>
    recent.length > 0 ? `\n--- last output ---\n${recent.join('\n')}` : ' (no output)';

  const killOnParentExit = () => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnParentExit);

  const ended = new Promise<string>((resolveEnded) => {
    child.once('error', (err) => resolveEnded(`could not run ${opts.binaryPath}: ${err.message}`));
    child.once('exit', (code, signal) => resolveEnded(signal ? `killed by ${signal}` : `exit code ${code}`));
  });
  let ready = false;
  void ended.then((reason) => {
    process.off('exit', killOnParentExit);
    if (ready && stopping === null) log.error({ reason }, 'temporal dev server exited unexpectedly');
  });

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (hasExited(child)) return;
      child.kill('SIGTERM');
      if (await waitForExit(child, STOP_GRACE_MS)) return;
      log.warn({ graceMs: STOP_GRACE_MS }, 'temporal dev server ignored SIGTERM, killing it');
      child.kill('SIGKILL');
      await waitForExit(child, STOP_GRACE_MS);
    })();
    return stopping;
  };

  const polling = new AbortController();
  const outcome = await Promise.race<StartOutcome>([
    waitUntilServing(opts.port, address, started + START_TIMEOUT_MS, polling.signal).then((serving) =>
      serving ? { kind: 'ready' } : { kind: 'timeout' },
    ),
    ended.then((reason) => ({ kind: 'ended', reason })),
  ]);
  polling.abort();

  if (outcome.kind === 'ended') {
    // The pipes may still hold the last lines; let readline drain them.
    await sleep(50);
    throw new Error(`temporal dev server exited before becoming healthy (${outcome.reason})${outputTail()}`);
  }
  if (outcome.kind === 'timeout') {
    child.kill('SIGKILL');
    await waitForExit(child, STOP_GRACE_MS);
    throw new Error(
      `temporal dev server did not answer health checks on ${address} within ${START_TIMEOUT_MS / 1000} s${outputTail()}`,
    );
  }

  ready = true;
  const uiUrl = opts.uiPort === null ? null : `http://${HOST}:${opts.uiPort}`;
  log.info(
    { address, uiUrl, db: opts.dbFile ?? 'in-memory', ms: Date.now() - started },
    'temporal dev server ready',
  );
  return { address, uiUrl, stop };
}
