import { afterEach, describe, expect, it, vi } from 'vitest';
import { settingsFrom, temporalSettings } from './env';

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
    vi.stubEnv('PUBLIC_BASE_URL', 'https://cauce.example.gob.ar');
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

  it('accepts several keys for a rotation, and refuses a malformed one among them', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('DATABASE_URL', 'postgres://x/y');
    vi.stubEnv('BETTER_AUTH_SECRET', 'x'.repeat(40));
    vi.stubEnv('PUBLIC_BASE_URL', 'https://cauce.example.gob.ar');
    const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
    vi.stubEnv('CAUCE_SECRETS_KEY', `2026-12:${key(2)},${key(1)}`);
    expect(await freshEnv().then((env) => env())).toMatchObject({ NODE_ENV: 'production' });
    vi.stubEnv('CAUCE_SECRETS_KEY', `2026-12:${key(2)},old:${Buffer.alloc(16).toString('base64')}`);
    expect(await freshEnv().then((env) => () => env())).toThrow(/32 random bytes/);
  });

  it('refuses production without PUBLIC_BASE_URL, naming it', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('DATABASE_URL', 'postgres://x/y');
    vi.stubEnv('BETTER_AUTH_SECRET', 'x'.repeat(40));
    vi.stubEnv('CAUCE_SECRETS_KEY', Buffer.alloc(32, 7).toString('base64'));
    vi.stubEnv('PUBLIC_BASE_URL', '');
    const env = await freshEnv();
    expect(() => env()).toThrow(/PUBLIC_BASE_URL must be set in production/);
    expect(() => settingsFrom({ NODE_ENV: 'production' })).toThrow(/PUBLIC_BASE_URL/);
    expect(settingsFrom({ NODE_ENV: 'development' }).PUBLIC_BASE_URL).toBeUndefined();
  });

  it('names a missing DATABASE_URL', async () => {
    vi.stubEnv('DATABASE_URL', '');
    const env = await freshEnv();
    expect(() => env()).toThrow(/DATABASE_URL/);
  });
});

describe('settingsFrom', () => {
  it('applies the defaults, needs no database, and takes an empty variable as unset', () => {
    expect(settingsFrom({ TEMPORAL_TASK_QUEUE: '', PUBLIC_BASE_URL: '' })).toMatchObject({
      NODE_ENV: 'development',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'cauce',
      PUBLIC_BASE_URL: undefined,
      PORT: 3000,
      CAUCE_DEFAULT_TIME_ZONE: 'America/Argentina/Cordoba',
    });
  });

  it('takes what the environment sets, and refuses a time zone that is not one', () => {
    expect(
      settingsFrom({ TEMPORAL_TASK_QUEUE: 'ivr', CAUCE_DEFAULT_TIME_ZONE: 'America/Argentina/Salta' }),
    ).toMatchObject({ TEMPORAL_TASK_QUEUE: 'ivr', CAUCE_DEFAULT_TIME_ZONE: 'America/Argentina/Salta' });
    expect(() => settingsFrom({ CAUCE_DEFAULT_TIME_ZONE: 'Córdoba' })).toThrow(/CAUCE_DEFAULT_TIME_ZONE/);
  });

  it('lets calls and messages go to Argentina unless CAUCE_DIAL_COUNTRIES names other ISO countries', () => {
    expect(settingsFrom({}).CAUCE_DIAL_COUNTRIES).toEqual(['AR']);
    expect(settingsFrom({ CAUCE_DIAL_COUNTRIES: '' }).CAUCE_DIAL_COUNTRIES).toEqual(['AR']);
    expect(settingsFrom({ CAUCE_DIAL_COUNTRIES: 'ar, uy ,BR' }).CAUCE_DIAL_COUNTRIES).toEqual([
      'AR',
      'UY',
      'BR',
    ]);
    expect(() => settingsFrom({ CAUCE_DIAL_COUNTRIES: 'AR,Argentina' })).toThrow(/CAUCE_DIAL_COUNTRIES/);
    expect(() => settingsFrom({ CAUCE_DIAL_COUNTRIES: 'XX' })).toThrow(/CAUCE_DIAL_COUNTRIES/);
  });
});

describe('temporalSettings', () => {
  it('connects where the settings say', () => {
    expect(
      temporalSettings(
        settingsFrom({
          TEMPORAL_ADDRESS: 'temporal:7233',
          TEMPORAL_NAMESPACE: 'cauce',
          TEMPORAL_API_KEY: 'k',
        }),
      ),
    ).toEqual({
      address: 'temporal:7233',
      namespace: 'cauce',
      apiKey: 'k',
      tlsCert: undefined,
      tlsKey: undefined,
    });
  });
});
