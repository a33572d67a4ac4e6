import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
let built: Promise<void> | null = null;

/**
 * One production build per bench run, shared by the groups that need `next start`; `--no-build`
 * (or BENCH_NO_BUILD=1) reuses the .next already there. The build's output goes to stderr.
 */
export function ensureNextBuild(say: (m: string) => void): Promise<void> {
  if (process.argv.includes('--no-build') || process.env.BENCH_NO_BUILD === '1') return Promise.resolve();
  if (!built) {
    say('next build (pass --no-build or BENCH_NO_BUILD=1 to reuse .next)');
    built = new Promise((resolve, reject) => {
      const child = spawn(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
        cwd: root,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', process.stderr, process.stderr],
      });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (${code})`))));
    });
  }
  return built;
}
