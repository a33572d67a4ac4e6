import { z } from 'zod';
import { parseSecretsKey } from './secrets';

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('cauce'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_UI_URL: z.string().optional(),
  BETTER_AUTH_SECRET: z.string().optional(),
  CAUCE_SECRETS_KEY: z.string().optional(),
  PUBLIC_BASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().default(3000),
});

export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

/** Reads and checks the environment once; production refuses to run without its secrets. */
export function env(): Env {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${detail}`);
  }
  const value = parsed.data;
  if (
    value.NODE_ENV === 'production' &&
    (!value.BETTER_AUTH_SECRET || value.BETTER_AUTH_SECRET.length < 32)
  ) {
    throw new Error(
      'BETTER_AUTH_SECRET must be set to a random string of at least 32 characters in production ' +
        '(generate one with `openssl rand -base64 32`).',
    );
  }
  // Secrets at rest (an organismo's Twilio subaccount token) are encrypted with this key.
  if (value.CAUCE_SECRETS_KEY) parseSecretsKey(value.CAUCE_SECRETS_KEY);
  else if (value.NODE_ENV === 'production') {
    throw new Error(
      'CAUCE_SECRETS_KEY must be set in production: 32 random bytes in base64 that encrypt stored ' +
        'credentials (generate one with `openssl rand -base64 32`, and keep it: losing it loses them).',
    );
  }
  cached = value;
  return value;
}

export function baseUrl(): string {
  const e = env();
  return e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`;
}
