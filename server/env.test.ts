import { afterEach, describe, expect, it, vi } from 'vitest';

async function freshEnv() {
  vi.resetModules();
  return (await import('./env')).env;
}

describe('env', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('refuses production without an auth secret', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('DATABASE_URL', 'postgres://x/y');
    vi.stubEnv('BETTER_AUTH_SECRET', '');
    const env = await freshEnv();
    expect(() => env()).toThrow(/BETTER_AUTH_SECRET/);
  });

  it('accepts production with a long secret and applies defaults', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('DATABASE_URL', 'postgres://x/y');
    vi.stubEnv('BETTER_AUTH_SECRET', 'x'.repeat(40));
    vi.stubEnv('CAUCE_SECRETS_KEY', Buffer.alloc(32, 7).toString('base64'));
    const env = await freshEnv();
    expect(env()).toMatchObject({ TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'cauce', PORT: 3000 });
  });

  it('refuses production without a secrets key, and a malformed key anywhere', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('DATABASE_URL', 'postgres://x/y');
    vi.stubEnv('BETTER_AUTH_SECRET', 'x'.repeat(40));
    vi.stubEnv('CAUCE_SECRETS_KEY', '');
    expect(await freshEnv().then((env) => () => env())).toThrow(/CAUCE_SECRETS_KEY must be set/);
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('CAUCE_SECRETS_KEY', Buffer.alloc(16, 7).toString('base64'));
    expect(await freshEnv().then((env) => () => env())).toThrow(/32 random bytes/);
  });

  it('names a missing DATABASE_URL', async () => {
    vi.stubEnv('DATABASE_URL', '');
    const env = await freshEnv();
    expect(() => env()).toThrow(/DATABASE_URL/);
  });
});
