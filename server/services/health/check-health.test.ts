import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeTestDb, testDb, testWorkflowBundle } from '@/scripts/test-setup/fixtures';
import { dataConverter } from '@/workflows/client';
import { createWorker } from '@/workflows/worker';
import { checkHealth } from './check-health';

const db = testDb();

describe('health', () => {
  let connection: Connection;
  let client: Client;
  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, dataConverter: dataConverter() });
  });
  afterAll(async () => {
    await connection.close();
    await closeTestDb();
  });

  const check = (taskQueue: string) =>
    checkHealth({ db, temporal: async () => client, namespace: 'default', taskQueue, temporalUiUrl: null });

  it('is degraded, and names the worker, while no worker polls the task queue', async () => {
    const report = await check(`health-idle-${Date.now()}`);
    expect(report.checks.postgres.status).toBe('ok');
    expect(report.checks.migrations.status).toBe('ok');
    expect(report.checks.temporal.status).toBe('ok');
    expect(report.checks.worker).toMatchObject({
      status: 'down',
      detail: expect.stringContaining('no pollers'),
    });
    expect(report.status).toBe('degraded');
  });

  it('is ok with a worker polling, and the worker runs a workflow through an activity that reads PostgreSQL', async () => {
    const taskQueue = `health-${Date.now()}`;
    const { worker, connection: workerConnection } = await createWorker({
      temporal: { address: inject('temporalAddress'), namespace: 'default' },
      taskQueue,
      db,
      workflowBundle: await testWorkflowBundle(),
    });
    await worker.runUntil(async () => {
      const result = await client.workflow.execute('systemPing', {
        taskQueue,
        workflowId: `ping-${taskQueue}`,
        args: ['hola'],
      });
      expect(result).toMatch(/^hola @ \d{4}-\d{2}-\d{2}/);
      const report = await check(taskQueue);
      expect(report.status).toBe('ok');
      expect(report.checks.worker.detail).toContain('poller');
    });
    await workerConnection.close();
  });

  it('reports the database as down when it cannot be reached, without hanging', async () => {
    const { createDb } = await import('@/db');
    const broken = createDb('postgres://nobody:nothing@127.0.0.1:1/none', { max: 1 });
    const report = await checkHealth({
      db: broken.db,
      temporal: async () => client,
      namespace: 'default',
      taskQueue: 'x',
      temporalUiUrl: null,
    });
    expect(report.status).toBe('down');
    expect(report.checks.postgres.status).toBe('down');
    await broken.sql.end();
  });
});
