import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { secretsKeyring } from '@/server/secrets';
import { createActivities } from '@/workflows/activities';
import { dataConverter } from '@/workflows/client';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { EncryptionCodec } from '@/workflows/payload-codec';
import { startEngineWorker } from '@/workflows/testing/engine-harness';

const db = testDb();
const hits: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];

const graph = (base: string, secret: string): FlowGraph => ({
  nodes: [
    {
      id: 'start',
      kind: 'trigger_api',
      position: { x: 0, y: 0 },
      config: { fields: [{ name: 'dni', required: true }] },
    },
    {
      id: 'consulta',
      kind: 'http_request',
      position: { x: 0, y: 100 },
      config: {
        method: 'POST',
        url: `${base}/turnos?key={{secret.${secret}}}&dni={{input.dni}}`,
        headers: [{ name: 'Authorization', value: `Bearer {{secret.${secret}}}` }],
        body: `{"dni":"{{input.dni}}","clave":"{{secret.${secret}}}"}`,
      },
    },
    { id: 'ok', kind: 'end', position: { x: 0, y: 200 }, config: { outcome: 'ok' } },
    { id: 'mal', kind: 'end', position: { x: 100, y: 200 }, config: { outcome: 'mal' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'consulta' },
    { id: 'e2', source: 'consulta', sourcePort: 'success', target: 'ok' },
    { id: 'e3', source: 'consulta', sourcePort: 'failure', target: 'mal' },
  ],
  notes: [],
});

describe('an HTTP node with a secret, on a real worker', () => {
  let t: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let connection: Connection;
  let client: Client;
  let server: Server;
  let base: string;
  const designer = () =>
    createCaller(
      createContext({
        db,
        session: { id: 's', userId: t.members.designer.userId, activeOrganizationId: t.org.id },
        temporal: async () => client,
        taskQueue: engine.taskQueue,
      }),
    );

  beforeAll(async () => {
    process.env.CAUCE_HTTP_ALLOW_LOOPBACK = '1';
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.setHeader('content-type', 'application/json');
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    t = await createTenant(db, 'HttpHistory');
    await db
      .insert(schema.organizationSettings)
      .values({ organizationId: t.org.id, allowedHosts: ['127.0.0.1'] });
    engine = await startEngineWorker(createActivities({ db }));
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, dataConverter: dataConverter() });
  });
  afterAll(async () => {
    delete process.env.CAUCE_HTTP_ALLOW_LOOPBACK;
    await engine.stop();
    await connection.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeTestDb();
  });

  it('refuses to publish an unknown secret name', async () => {
    const flow = await designer().flows.create({
      name: 'Sin secreto',
      kind: 'api',
      graph: graph(base, 'NO_EXISTE'),
    });
    await expect(designer().flows.publish({ flowId: flow.id, note: '' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('sends the value, while history and trace hold only the reference', async () => {
    const flow = await designer().flows.create({
      name: 'Con secreto',
      kind: 'api',
      graph: graph(base, t.secretName),
    });
    await designer().flows.publish({ flowId: flow.id, note: '' });
    const { executionId } = await designer().executions.start({
      flowId: flow.id,
      input: { dni: '30111222' },
    });
    await client.workflow.getHandle(executionId).result();

    expect(hits).toHaveLength(1);
    expect(hits[0]?.headers.authorization).toBe(`Bearer ${t.secretValue}`);
    expect(hits[0]?.url).toBe(`/turnos?key=${encodeURIComponent(t.secretValue)}&dni=30111222`);
    expect(JSON.parse(hits[0]?.body ?? '')).toEqual({ dni: '30111222', clave: t.secretValue });

    const history = await client.workflow.getHandle(executionId).fetchHistory();
    // History holds the codec's ciphertext: open every payload as the worker does, then read it.
    const payloads = (await decodedPayloadTexts(history)).join('\n');
    // The payloads were read: the activity's input is there, with the reference and not the value.
    expect(payloads).toContain(`"secret":"${t.secretName}"`);
    expect(payloads).not.toContain(t.secretValue);

    const trace = await designer().executions.trace({ id: executionId });
    const step = trace.find((s) => s.stepId === 'consulta');
    expect(step?.port).toBe('success');
    expect(step?.detail).toEqual({
      request: {
        method: 'POST',
        url: `${base}/turnos?key={{secret.${t.secretName}}}&dni=30111222`,
        headers: { Authorization: `Bearer {{secret.${t.secretName}}}` },
        body: `{"dni":"30111222","clave":"{{secret.${t.secretName}}}"}`,
      },
    });
    expect(JSON.stringify(trace)).not.toContain(t.secretValue);
  });
});

/** Every payload of a history, decrypted with the secrets key, as text (payloads are JSON). */
async function decodedPayloadTexts(history: unknown): Promise<string[]> {
  const found: Payload[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) collect(item);
    else if (value !== null && typeof value === 'object') {
      if (isPayload(value)) found.push(value);
      else for (const item of Object.values(value)) collect(item);
    }
  };
  collect(history);
  const decoded = await new EncryptionCodec(secretsKeyring()).decode(found);
  return decoded.map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8'));
}

function isPayload(value: object): value is Payload {
  return 'metadata' in value && 'data' in value && value.data instanceof Uint8Array;
}
