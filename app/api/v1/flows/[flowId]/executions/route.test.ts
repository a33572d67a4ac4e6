import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { overrideEnv } from '@/scripts/test-setup/env';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { settings } from '@/server/env';
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
  const caller = (tenant: Tenant) =>
    createCaller(
      createContext({
        db,
        session: { id: 's', userId: tenant.members.admin.userId, activeOrganizationId: tenant.org.id },
      }),
    );

  const call = (id: string, body: unknown, auth = `Bearer ${token}`, extra: Record<string, string> = {}) =>
    POST(
      new Request(`http://localhost/api/v1/flows/${id}/executions`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', ...extra },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ flowId: id }) },
    );
  const withKey = (key: string, body: unknown, auth = `Bearer ${token}`) =>
    call(flowId, body, auth, { 'idempotency-key': key });
  const executions = () => db.$count(schema.execution, eq(schema.execution.flowId, flowId));
  const input = { input: { telefono: '+5493424000009', nombre: 'Ada' } };

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

  describe('Idempotency-Key', () => {
    it('answers a retry with the first response (same execution, same status) and starts nothing new', async () => {
      const before = await executions();
      const first = await withKey('order-1001', input);
      expect(first.status).toBe(201);
      const body = await first.json();
      const retry = await withKey('order-1001', input);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toEqual(body);
      expect(await executions()).toBe(before + 1);
    });

    it('keeps a 4xx answer too: a retry gets the same status', async () => {
      const missing = { input: { nombre: 'Sin teléfono' } };
      expect((await withKey('order-400', missing)).status).toBe(400);
      const retry = await withKey('order-400', missing);
      expect(retry.status).toBe(400);
      expect(await retry.json()).toMatchObject({ error: 'invalid_input' });
    });

    it('refuses the same key with a different body (422) and starts nothing', async () => {
      expect((await withKey('order-2002', input)).status).toBe(201);
      const before = await executions();
      const other = await withKey('order-2002', { input: { telefono: '+5493424000010' } });
      expect(other.status).toBe(422);
      expect(await other.json()).toMatchObject({ error: 'idempotency_key_reused' });
      expect(await executions()).toBe(before);
    });

    it('starts one execution for concurrent duplicates', async () => {
      const before = await executions();
      const answers = await Promise.all(Array.from({ length: 6 }, () => withKey('order-3003', input)));
      const statuses = answers.map((r) => r.status);
      expect(
        statuses.every((s) => s === 201 || s === 409),
        statuses.join(),
      ).toBe(true);
      const ids = new Set(
        await Promise.all(
          answers.filter((r) => r.status === 201).map(async (r) => (await r.json()).executionId),
        ),
      );
      expect(ids.size).toBe(1);
      expect(await executions()).toBe(before + 1);
      const later = await withKey('order-3003', input);
      expect((await later.json()).executionId).toBe([...ids][0]);
    });

    it('scopes keys per API key and organismo', async () => {
      const first = await (await withKey('shared-key', input)).json();
      const second = await caller(t).apiKeys.create({ name: 'Otro sistema' });
      const mine = await withKey('shared-key', input, `Bearer ${second.token}`);
      expect(mine.status).toBe(201);
      expect((await mine.json()).executionId).not.toBe(first.executionId);
      // Another organismo's key with the same Idempotency-Key gets its own answer, not this one's.
      const foreign = await caller(other).apiKeys.create({ name: 'Ajeno' });
      const theirs = await withKey('shared-key', input, `Bearer ${foreign.token}`);
      expect(theirs.status).toBe(404);
      expect(await theirs.text()).not.toContain(first.executionId);
    });

    it('forgets a key after 24 h', async () => {
      expect((await withKey('order-old', input)).status).toBe(201);
      await db
        .update(schema.apiIdempotencyKey)
        .set({ createdAt: new Date(Date.now() - 25 * 3600_000) })
        .where(eq(schema.apiIdempotencyKey.key, 'order-old'));
      const reused = await withKey('order-old', { input: { telefono: '+5493424000011' } });
      expect(reused.status).toBe(201);
    });

    it('refuses a malformed key', async () => {
      expect((await withKey('x'.repeat(256), input)).status).toBe(400);
      expect((await withKey('clave-ñ', input)).status).toBe(400);
      expect((await withKey('x'.repeat(255), input)).status).toBe(201);
    });
  });

  it('limits each API key per minute: 429 with Retry-After, and another key is not affected', async () => {
    const limited = await caller(t).apiKeys.create({ name: 'Ráfaga' });
    expect((await call(flowId, input, `Bearer ${limited.token}`)).status).toBe(201);
    // The rest of this minute's allowance, used up as a busy client would.
    await db
      .update(schema.requestThrottle)
      .set({ count: settings().API_RATE_LIMIT_PER_MINUTE })
      .where(eq(schema.requestThrottle.key, `api:${limited.id}`));
    const before = await executions();
    const refused = await call(flowId, input, `Bearer ${limited.token}`);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await executions()).toBe(before);
    expect((await call(flowId, input)).status).toBe(201);
  });
});
