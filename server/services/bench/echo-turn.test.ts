import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { BENCH_TOKEN_HEADER } from './bench-token';
import { benchEchoTurn, type EchoTurnDeps } from './echo-turn';

const TOKEN = 'bench-token-for-tests';
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let deps: EchoTurnDeps;

beforeAll(async () => {
  // No engine activities are needed: the echo workflow has none.
  engine = await startEngineWorker({} as Parameters<typeof startEngineWorker>[0]);
  deps = { temporal: async () => engine.client, taskQueue: engine.taskQueue };
});

afterAll(async () => {
  await engine?.stop();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function post(form: Record<string, string>, token: string | null = TOKEN): Request {
  return new Request('http://127.0.0.1/api/bench/echo', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(token === null ? {} : { [BENCH_TOKEN_HEADER]: token }),
    },
    body: new URLSearchParams(form).toString(),
  });
}

describe('the bench echo route', () => {
  it('does not exist unless the bench token is configured', async () => {
    const res = await benchEchoTurn(
      post({ workflowId: `bench-echo-${randomUUID()}`, turn: '0' }),
      deps,
      undefined,
    );
    expect(res.status).toBe(404);
  });

  it('does not exist in production, token or not, unless the bench switched it on', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('CAUCE_BENCH_TOKEN', TOKEN);
    const workflowId = `bench-echo-${randomUUID()}`;
    const refused = await benchEchoTurn(post({ workflowId, turn: '0', last: '1' }), deps);
    expect(refused.status).toBe(404);
    vi.stubEnv('CAUCE_BENCH_ALLOW', 'yes');
    expect((await benchEchoTurn(post({ workflowId, turn: '0', last: '1' }), deps)).status).toBe(404);

    // The bench's own `next start` (scripts/bench/next-server.ts) sets CAUCE_BENCH_ALLOW=1.
    vi.stubEnv('CAUCE_BENCH_ALLOW', '1');
    const answered = await benchEchoTurn(post({ workflowId, turn: '0' }), deps);
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain(`${workflowId}:0`);
    expect((await benchEchoTurn(post({ workflowId, turn: '1', last: '1' }), deps)).status).toBe(200);
  });

  it('outside production, is switched on by the token alone', async () => {
    vi.stubEnv('NODE_ENV', 'test');
    vi.stubEnv('CAUCE_BENCH_TOKEN', TOKEN);
    vi.stubEnv('CAUCE_BENCH_ALLOW', undefined);
    const workflowId = `bench-echo-${randomUUID()}`;
    expect((await benchEchoTurn(post({ workflowId, turn: '0' }), deps)).status).toBe(200);
    expect((await benchEchoTurn(post({ workflowId, turn: '1', last: '1' }), deps)).status).toBe(200);
  });

  it('refuses a request without the token, or with another one', async () => {
    const form = { workflowId: `bench-echo-${randomUUID()}`, turn: '0' };
    expect((await benchEchoTurn(post(form, null), deps, TOKEN)).status).toBe(403);
    expect((await benchEchoTurn(post(form, 'guess'), deps, TOKEN)).status).toBe(403);
  });

  it('reaches only bench echo workflows, with a turn number', async () => {
    for (const form of [
      { workflowId: 'call-CA0123', turn: '1' },
      { workflowId: `bench-echo-${randomUUID()}`, turn: 'x' },
      { workflowId: `bench-echo-${randomUUID()}`, turn: '-1' },
    ]) {
      const res = await benchEchoTurn(post(form), deps, TOKEN);
      expect(res.status).toBe(400);
    }
  });

  it('starts an echo workflow on turn 0, answers each turn, and ends it on the last', async () => {
    const workflowId = `bench-echo-${randomUUID()}`;
    const answers: string[] = [];
    for (const turn of [0, 1, 2]) {
      const res = await benchEchoTurn(
        post({ workflowId, turn: String(turn), last: turn === 2 ? '1' : '0' }),
        deps,
        TOKEN,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/xml');
      answers.push(await res.text());
    }
    expect(answers.map((xml) => /<Say>(.*)<\/Say>/.exec(xml)?.[1])).toEqual(
      [0, 1, 2].map((t) => `${workflowId}:${t}`),
    );
    const handle = engine.client.workflow.getHandle(workflowId);
    await expect(handle.result()).resolves.toBeUndefined();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });
});
