import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../server/logger';
import { isAlive } from './lib/postgres';
import { startStack } from './lib/stack';

const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, '.data');
const lockFile = path.join(dataDir, 'dev.lock');
const log = createLogger('dev');

/** One `npm run dev` per data directory: a second one would corrupt PostgreSQL's and Temporal's files. */
function takeLock(url: string): void {
  mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString() }));
      closeSync(fd);
      return;
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
      const held = readLock();
      if (held && isAlive(held.pid)) {
        process.stderr.write(
          `\nCauce ya está corriendo (pid ${held.pid}) en ${held.url}. Cauce is already running.\n` +
            'Detené ese proceso (Ctrl-C en su terminal) antes de iniciar otro.\n\n',
        );
        process.exit(1);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not take ${lockFile}`);
}

function readLock(): { pid: number; url: string } | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(lockFile, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number') {
      return { pid: parsed.pid, url: 'url' in parsed && typeof parsed.url === 'string' ? parsed.url : '' };
    }
  } catch {}
  return null;
}

async function main(): Promise<void> {
  const started = performance.now();
  const port = Number(process.env.PORT ?? 3000);
  takeLock(`http://localhost:${port}`);
  const stack = await startStack({
    root,
    dataDir,
    persistence: 'persistent',
    ports: {
      next: port,
      postgres: Number(process.env.CAUCE_PG_PORT ?? 54329),
      temporal: Number(process.env.CAUCE_TEMPORAL_PORT ?? 7233),
      temporalUi: Number(process.env.CAUCE_TEMPORAL_UI_PORT ?? 8233),
    },
    next: 'dev',
    worker: true,
    seed: true,
    log,
  }).catch((err: unknown) => {
    rmSync(lockFile, { force: true });
    throw err;
  });
  log.info(
    { url: stack.url, temporalUi: stack.temporalUiUrl, ms: Math.round(performance.now() - started) },
    'ready',
  );
  process.stderr.write(`\n  Cauce → ${stack.url}\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await stack.stop();
    rmSync(lockFile, { force: true });
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  log.error({ err }, 'could not start Cauce');
  process.stderr.write(`\nCauce could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
