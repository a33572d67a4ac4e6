import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Logger } from '../../server/logger';

export type Child = {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
};

/** Where a child's output goes: the log (see startChild), or a function that takes each line as is. */
type ChildOutput = { log: Logger; onLine?: never } | { onLine: (line: string) => void; log?: never };

/**
 * Starts a child whose output becomes one log line per event: JSON lines (pino children) pass
 * through unchanged, other lines are wrapped with the child's name. With `onLine`, each line goes
 * there instead (the benches keep stdout for their figures). `stop()` sends SIGINT, then SIGKILL
 * after `killAfterMs` (10 s).
 */
export function startChild(
  opts: {
    name: string;
    command: string;
    args: string[];
    env: NodeJS.ProcessEnv;
    cwd: string;
    killAfterMs?: number;
  } & ChildOutput,
): Child {
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = opts.log?.child({ component: opts.name });
  const onLine =
    opts.onLine ??
    ((line: string) => {
      if (line.startsWith('{') && line.endsWith('}')) process.stdout.write(`${line}\n`);
      else if (line.trim()) log?.info(stripAnsi(line.trim()));
    });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', onLine);
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    name: opts.name,
    process: child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      const timeout = new Promise<'timeout'>((r) =>
        setTimeout(() => r('timeout'), opts.killAfterMs ?? 10_000),
      );
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Node arguments that run the worker's TypeScript entry (workflows/worker/main.ts) as `npm run worker`
 * does: through tsx, with the react-server condition, under which 'server-only' (marking the
 * database, secrets and adapters) resolves to its no-op as in Next's server.
 */
export const WORKER_ARGS: readonly string[] = [
  '--conditions=react-server',
  '--import',
  'tsx',
  'workflows/worker/main.ts',
];

/** Whether a process with this id exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Node flags that write a process's CPU profiles (one per thread) into `dir`; none without one. */
export function cpuProfileArgs(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function stripAnsi(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

/** Polls a URL until it answers with any HTTP status (or the deadline passes). */
export async function waitForHttp(url: string, timeoutMs: number, isDead: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (isDead()) throw new Error(`process serving ${url} exited before it was ready`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(30_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}
