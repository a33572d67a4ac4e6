import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DrizzleQueryError } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { overrideEnv } from '@/scripts/test-setup/env';
import { logger } from '@/server/logger';
import { ROUTE_INTERNAL_MESSAGE, routeHandler, routeHandlerName } from './route-handler';

const mode = vi.hoisted(() => ({ nodeEnv: 'production' as 'production' | 'test' }));
vi.mock('@/server/env', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/server/env')>();
  return { ...actual, settings: () => ({ ...actual.settings(), NODE_ENV: mode.nodeEnv }) };
});
// The public API's first database call fails as a driver does: with the SQL and its parameters.
const failure = vi.hoisted(() => ({ error: null as Error | null }));
vi.mock('@/server/services/api-keys/api-keys', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/server/services/api-keys/api-keys')>();
  return {
    ...actual,
    authenticateApiKey: async (...args: Parameters<typeof actual.authenticateApiKey>) => {
      if (failure.error) throw failure.error;
      return actual.authenticateApiKey(...args);
    },
  };
});

const SQL = 'select "id", "organization_id" from "api_key" where "hash" = $1';
const PARAM = 'a3f1c0ffee5ecret';
const driverError = () => new DrizzleQueryError(SQL, [PARAM], new Error('relation "api_key" does not exist'));

describe('routeHandler', () => {
  afterEach(() => {
    mode.nodeEnv = 'production';
    failure.error = null;
    vi.restoreAllMocks();
  });

  it('answers a generic 500 with the request id in production, and logs the cause under that id', async () => {
    const log = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const handler = routeHandler('test/route', async () => {
      throw driverError();
    });
    const res = await handler(
      new Request('http://localhost/api/x', { headers: { 'x-request-id': 'req-42' } }),
    );
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: 'internal_error',
      message: ROUTE_INTERNAL_MESSAGE,
      requestId: 'req-42',
    });
    expect(text).not.toContain('api_key');
    expect(text).not.toContain(PARAM);
    expect(log).toHaveBeenCalledWith(
      expect.objectContaining({
        requestId: 'req-42',
        route: 'test/route',
        err: expect.any(DrizzleQueryError),
      }),
      'route failed',
    );
  });

  it('gives the handler and the 500 one request id when the caller sends none', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const { requestIdFrom } = await import('@/server/request-id');
    let seen = '';
    const handler = routeHandler('test/route', async (request: Request) => {
      seen = requestIdFrom(request.headers);
      throw new Error('boom');
    });
    const res = await handler(new Request('http://localhost/api/x'));
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(seen);
  });

  it('shows the cause outside production, and leaves answered responses alone', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    mode.nodeEnv = 'test';
    const crash = await routeHandler('test/route', async () => {
      throw driverError();
    })(new Request('http://localhost/api/x'));
    expect(await crash.text()).toContain('api_key');
    const answered = await routeHandler(
      'test/route',
      async () => new Response('teapot', { status: 418 }),
    )(new Request('http://localhost/api/x'));
    expect(answered.status).toBe(418);
  });

  describe('on a real route', () => {
    let restore = () => {};
    beforeAll(() => {
      restore = overrideEnv({ DATABASE_URL: inject('databaseUrl') });
    });
    afterAll(() => restore());

    it('POST /api/v1/flows/{id}/executions masks a driver error in production', async () => {
      vi.spyOn(logger, 'error').mockImplementation(() => undefined);
      const { POST } = await import('@/app/api/v1/flows/[flowId]/executions/route');
      failure.error = driverError();
      const flowId = '00000000-0000-4000-8000-000000000001';
      const res = await POST(
        new Request(`http://localhost/api/v1/flows/${flowId}/executions`, {
          method: 'POST',
          headers: { authorization: 'Bearer cauce_00000000_notarealkeynotarealkey' },
          body: '{}',
        }),
        { params: Promise.resolve({ flowId }) },
      );
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toContain('select');
      expect(text).not.toContain(PARAM);
      expect(JSON.parse(text)).toMatchObject({
        error: 'internal_error',
        requestId: res.headers.get('x-request-id'),
      });
    });
  });
});

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const apiDir = path.resolve(__dirname, '../../app/api');
const routeFiles = readdirSync(apiDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => /(^|\/)route\.tsx?$/.test(file))
  .sort();

describe('every route under app/api goes through routeHandler', () => {
  let restore = () => {};
  beforeAll(() => {
    restore = overrideEnv({ DATABASE_URL: inject('databaseUrl') });
  });
  afterAll(() => restore());

  it('finds the routes', () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(12);
  });

  it.each(routeFiles)('app/api/%s', async (file) => {
    const mod: Record<string, unknown> = await import(path.join(apiDir, file));
    const handlers = METHODS.filter((method) => method in mod);
    expect(handlers.length, 'exports a handler').toBeGreaterThan(0);
    for (const method of handlers) expect(routeHandlerName(mod[method]), method).toBeDefined();
  });
});
