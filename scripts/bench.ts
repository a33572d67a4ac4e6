import { createLogger } from '../server/logger';

/**
 * `npm run bench` runs every group; `npm run bench -- <group>` one. Each figure is one JSON line
 * on stdout ({"bench","value","unit"}); everything else goes to stderr.
 */
const GROUPS: Record<string, () => Promise<{ run(emit: Emit): Promise<void> }>> = {
  campaigns: () => import('./bench/campaigns'),
  canvas: () => import('./bench/canvas'),
  csv: () => import('./bench/csv-import'),
  engine: () => import('./bench/engine'),
  ivr: () => import('./bench/ivr'),
  webhooks: () => import('./bench/garbage-webhooks'),
};

export type Emit = (bench: string, value: number, unit: string) => void;

async function main(): Promise<void> {
  const log = createLogger('bench', { stderr: true });
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((g) => !GROUPS[g]);
  if (unknown.length > 0)
    throw new Error(
      `Unknown bench group(s): ${unknown.join(', ')}. Groups: ${Object.keys(GROUPS).join(', ')}`,
    );
  const emit: Emit = (bench, value, unit) => {
    process.stdout.write(`${JSON.stringify({ bench, value: Math.round(value * 1000) / 1000, unit })}\n`);
  };
  for (const name of wanted.length > 0 ? wanted : Object.keys(GROUPS)) {
    const load = GROUPS[name];
    if (!load) continue;
    log.info({ group: name }, 'bench group starting');
    await (await load()).run(emit);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
