/**
 * Makes sure a Temporal CLI is available (installing it into .data/ if needed), so that CI can fetch it
 * once before the tests. Usage: npx tsx scripts/ensure-temporal.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../server/logger';
import { resolveTemporalBinary, temporalVersion } from './lib/temporal-binary';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const external = process.env.TEMPORAL_ADDRESS;
  if (external) {
    process.stderr.write(
      `TEMPORAL_ADDRESS=${external}: using that external Temporal server, nothing to install\n`,
    );
    return;
  }
  const started = Date.now();
  const path = await resolveTemporalBinary({
    dataDir: join(repoRoot, '.data'),
    log: createLogger('ensure-temporal'),
  });
  const version = temporalVersion(path);
  process.stderr.write(
    `temporal CLI: ${path}\nversion: ${version}\n(resolved in ${Date.now() - started} ms)\n`,
  );
}

// Exit explicitly: after the SDK-download path the native runtime may keep the event loop alive.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
