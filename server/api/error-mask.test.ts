import { TRPCError } from '@trpc/server';
import { getErrorShape } from '@trpc/server/shared';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@/server/errors';
import { appRouter } from './routers/root';
import { INTERNAL_MESSAGE } from './trpc';

const mode = vi.hoisted(() => ({ nodeEnv: 'production' as 'production' | 'test' }));
vi.mock('@/server/env', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/server/env')>();
  return { ...actual, settings: () => ({ ...actual.settings(), NODE_ENV: mode.nodeEnv }) };
});

const SQL_LEAK = 'Failed query: select * from citizen where dni = $1\nparams: 30111222';

function shapeOf(error: TRPCError) {
  return getErrorShape({
    config: appRouter._def._config,
    error,
    type: 'query',
    path: 'citizens.get',
    input: undefined,
    ctx: undefined,
  });
}

describe('tRPC error formatter', () => {
  it('masks a 5xx message in production so SQL and parameters never reach the browser', () => {
    mode.nodeEnv = 'production';
    const shape = shapeOf(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: SQL_LEAK }));
    expect(shape.message).toBe(INTERNAL_MESSAGE);
    expect(JSON.stringify(shape)).not.toContain('30111222');
  });

  it('keeps 4xx messages and the AppError code, and 5xx messages outside production', () => {
    mode.nodeEnv = 'production';
    const notFound = new TRPCError({
      code: 'NOT_FOUND',
      message: 'No such flow',
      cause: new AppError('NOT_FOUND', 'No such flow'),
    });
    expect(shapeOf(notFound)).toMatchObject({ message: 'No such flow', data: { appCode: 'NOT_FOUND' } });
    mode.nodeEnv = 'test';
    const crash = shapeOf(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: SQL_LEAK }));
    expect(crash.message).toBe(SQL_LEAK);
  });
});
