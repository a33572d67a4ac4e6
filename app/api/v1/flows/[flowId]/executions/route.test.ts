import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { overrideEnv } from '@/scripts/test-setup/env';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { createActivities } from '@/workflows/activities';
import { dataConverter } from '@/workflows/client';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { apiSmsGraph } from '@/workflows/testing/graphs';

const db = testDb();

describe('POST /api/v1/flows/{flowId}/executions', () => {
  let t: Tenant;
  let other: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let connection: Connection;
  let token = '';
  let flowId = '';
  let POST: typeof import('./route').POST;
  let restoreEnv = () => {};

  const call = (id: string, body: unknown, auth = `Bearer ${token}`) =>
    POST(
      new Request(`http://localhost/api/v1/flows/${id}/executions`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ flowId: id }) },
    );

  beforeAll(async () => {
    engine = await startEngineWorker(createActivities({ db }));
    // The route reads its dependencies from the environment, as in production.
    restoreEnv = overrideEnv({
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: engine.taskQueue,
    });
    ({ POST } = await import('./route'));
    t = await createTenant(db, 'Rest');
    other = await createTenant(db, 'Rest2');
    const caller = (tenant: Tenant) =>
      createCaller(
        createContext({
          db,
          session: { id: 's', userId: tenant.members.admin.userId, activeOrganizationId: tenant.org.id },
        }),
      );
    const flow = await caller(t).flows.create({ name: 'Recordatorio', kind: 'api', graph: apiSmsGraph() });
    await caller(t).flows.publish({ flowId: flow.id, note: '' });
    flowId = flow.id;
    token = (await caller(t).apiKeys.create({ name: 'Sistema de turnos' })).token;
    connection = await Connection.connect({ address: inject('temporalAddress') });
  });
  afterAll(async () => {
    restoreEnv();
    await engine.stop();
    await connection.close();
    await closeTestDb();
  });

  it('starts the flow with a valid key and input, and the execution runs', async () => {
    const res = await call(flowId, { input: { telefono: '+5493424000009', nombre: 'Ada' } });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ version: 1, executionId: expect.stringMatching(/^api-/) });
    const result = await new Client({ connection, dataConverter: dataConverter() }).workflow
      .getHandle(body.executionId)
      .result();
    expect(result).toMatchObject({ status: 'completed', outcome: 'notified' });
  });

  it('answers 413 to an oversized chunked body, and starts nothing', async () => {
    const size = 1024 * 1024;
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= size) return controller.close();
        sent += 16 * 1024;
        controller.enqueue(new TextEncoder().encode(' '.repeat(16 * 1024)));
      },
    });
    const init = { method: 'POST', headers: { authorization: `Bearer ${token}` }, body, duplex: 'half' };
    const res = await POST(new Request(`http://localhost/api/v1/flows/${flowId}/executions`, init), {
      params: Promise.resolve({ flowId }),
    });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(size);
  });

  it("answers 401 without a valid key, 404 for another organismo's flow, 400 for bad input", async () => {
    expect((await call(flowId, { input: {} }, 'Bearer cauce_00000000_notarealkeynotarealkey')).status).toBe(
      401,
    );
    expect((await call(flowId, { input: {} }, '')).status).toBe(401);
    expect((await call(other.flow.id, { input: { telefono: '+5493424000009' } })).status).toBe(404);
    expect((await call('not-a-uuid', { input: {} })).status).toBe(404);
    const missing = await call(flowId, { input: { nombre: 'Sin teléfono' } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_input' });
    expect((await call(flowId, { input: { telefono: { nested: true } } })).status).toBe(400);
  });

  it('refuses a revoked key', async () => {
    const admin = createCaller(
      createContext({
        db,
        session: { id: 's', userId: t.members.admin.userId, activeOrganizationId: t.org.id },
      }),
    );
    const key = await admin.apiKeys.create({ name: 'Temporal' });
    expect(
      (await call(flowId, { input: { telefono: '+5493424000009' } }, `Bearer ${key.token}`)).status,
    ).toBe(201);
    await admin.apiKeys.revoke({ id: key.id });
    expect(
      (await call(flowId, { input: { telefono: '+5493424000009' } }, `Bearer ${key.token}`)).status,
    ).toBe(401);
  });
});
