import path from 'node:path';
import { DEV_AUTH_SECRET, devSecretsKey } from '../../server/secrets';
import { BENCH_ALLOW_ENV } from '../../server/services/bench/bench-token';
import { cpuProfileArgs, startChild, waitForHttp } from '../lib/processes';
import { ensureNextBuild } from './next-build';

/** `pid`: the `next start` process, whose memory a bench may read (garbage-webhooks.ts). */
export type NextServer = { pid: number | undefined; stop(): Promise<void> };

const root = path.resolve(__dirname, '..', '..');
const nextBin = path.join(root, 'node_modules', '.bin', 'next');

/**
 * `next start` on 127.0.0.1:<port> with the given environment, after the run's production build
 * (see next-build.ts). All of its output goes to stderr at warn level: stdout carries only figures.
 */
export async function startNext(opts: { port: number; env: Record<string, string> }): Promise<NextServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? DEV_AUTH_SECRET,
    CAUCE_SECRETS_KEY: process.env.CAUCE_SECRETS_KEY ?? devSecretsKey(),
    ...opts.env,
    NODE_ENV: 'production',
    // This production server is the bench's: its echo route may answer when given a token.
    [BENCH_ALLOW_ENV]: '1',
  };
  await ensureNextBuild((m) => process.stderr.write(`[bench] ${m}\n`));
  // BENCH_NEXT_PROF=<dir> writes the server's CPU profile there (node runs next's bin: NODE_OPTIONS refuses --cpu-prof).
  const profile = process.env.BENCH_NEXT_PROF;
  const start = ['start', '--port', String(opts.port), '--hostname', '127.0.0.1'];
  const child = startChild({
    name: 'next',
    command: profile ? process.execPath : nextBin,
    args: profile
      ? [...cpuProfileArgs(profile), path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), ...start]
      : start,
    cwd: root,
    env,
    onLine: (line) => process.stderr.write(`[next] ${line}\n`),
  });
  await waitForHttp(
    `http://127.0.0.1:${opts.port}/api/health`,
    120_000,
    () => child.process.exitCode !== null,
  );
  return { pid: child.process.pid, stop: () => child.stop() };
}
