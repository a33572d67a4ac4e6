import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { isTimeZone } from '../lib/time-zone';
import { parseSecretsKeys } from './secrets';

export type EnvLike = Readonly<Record<string, string | undefined>>;

// An empty variable means "not set" (an `.env` line left blank, `FOO= npm run dev`).
const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const withDefault = (value: string) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.string().default(value));

/** What services and routes read at run time: none of it is secret, and none of it is required. */
const ZSettings = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  TEMPORAL_ADDRESS: withDefault('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: withDefault('default'),
  TEMPORAL_TASK_QUEUE: withDefault('cauce'),
  TEMPORAL_API_KEY: optional,
  TEMPORAL_TLS_CERT: optional,
  TEMPORAL_TLS_KEY: optional,
  TEMPORAL_UI_URL: optional,
  PUBLIC_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  PORT: z.coerce.number().int().default(3000),
  /** An execution's time zone when its organismo has none on record. */
  CAUCE_DEFAULT_TIME_ZONE: withDefault('America/Argentina/Cordoba').refine(
    isTimeZone,
    'an IANA time zone, e.g. America/Argentina/Cordoba',
  ),
  /** Request body caps, enforced while streaming (server/http/read-body.ts). Twilio's forms are small. */
  MAX_TWILIO_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  MAX_API_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  /** Room for a saved 1000-node graph (the import cap is 2 MB of JSON) plus tRPC's envelope. */
  MAX_TRPC_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  /** Sign-in attempts one client address may make per minute (better-auth's limit, shared through PostgreSQL). */
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(40),
  /** Requests each public API key may make per minute (shared by every replica: PostgreSQL). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /**
   * How long one delivery attempt of an inbound message holds it (server/services/messaging/inbox.ts):
   * past it (the process died mid-attempt) the inbox runner takes it again.
   */
  /**
   * Campaign attempts per second the platform's provider account takes (messages or calls), split
   * fairly between the running campaigns of every organismo. Set it to the account's real limit.
   */
  CAMPAIGN_PLATFORM_RATE_PER_SECOND: z.coerce.number().positive().default(1000),
  INBOX_LEASE_SECONDS: z.coerce.number().int().positive().default(60),
  /** Reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-For hops are trusted. */
  CAUCE_TRUSTED_PROXIES: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
        : [],
    z.array(z.string()),
  ),
  /**
   * ISO 3166 countries (comma-separated) that calls, transfers and SMS/WhatsApp may go to: any
   * other destination is refused before the provider is asked (toll fraud, a mistyped prefix).
   */
  CAUCE_DIAL_COUNTRIES: z.preprocess(
    (v) =>
      (typeof v === 'string' && v.trim() ? v : 'AR')
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    z.array(z.string().refine((c) => isSupportedCountry(c), 'an ISO 3166 country code, e.g. AR')).min(1),
  ),
});

/** Everything, as the Next server checks it at startup: the database and, in production, the secrets. */
const ZEnv = ZSettings.extend({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required'),
  BETTER_AUTH_SECRET: optional,
  CAUCE_SECRETS_KEY: optional,
});

export type Settings = z.infer<typeof ZSettings>;
export type Env = z.infer<typeof ZEnv>;

let cachedSettings: Settings | undefined;
let cached: Env | undefined;

/**
 * The settings, read from the environment once per process (tests that set variables do so before
 * the first read: scripts/test-setup/env.ts). Unlike env() it needs no DATABASE_URL, so a process
 * (or test) that gets its database another way can still read the task queue.
 */
export function settings(): Settings {
  cachedSettings ??= settingsFrom(process.env);
  return cachedSettings;
}

/** The settings a given environment describes (tests pass their own). */
export function settingsFrom(source: EnvLike): Settings {
  return requireBaseUrlInProduction(parseOrThrow(ZSettings, source));
}

/** Twilio signs webhooks over the public URL and calls back to it: production cannot guess it. */
function requireBaseUrlInProduction<T extends Settings>(value: T): T {
  if (value.NODE_ENV === 'production' && !value.PUBLIC_BASE_URL) {
    throw new Error(
      'PUBLIC_BASE_URL must be set in production to the public https URL Twilio reaches this app at ' +
        '(e.g. https://cauce.example.gob.ar): webhook signatures and status callbacks use it.',
    );
  }
  return value;
}

/** Reads and checks the environment once; production refuses to run without its secrets. */
export function env(): Env {
  if (cached) return cached;
  const value = parseOrThrow(ZEnv, process.env);
  if (
    value.NODE_ENV === 'production' &&
    (!value.BETTER_AUTH_SECRET || value.BETTER_AUTH_SECRET.length < 32)
  ) {
    throw new Error(
      'BETTER_AUTH_SECRET must be set to a random string of at least 32 characters in production ' +
        '(generate one with `openssl rand -base64 32`).',
    );
  }
  // Secrets at rest (an organismo's Twilio subaccount token) and Temporal payloads are encrypted with it.
  if (value.CAUCE_SECRETS_KEY) parseSecretsKeys(value.CAUCE_SECRETS_KEY);
  else if (value.NODE_ENV === 'production') {
    throw new Error(
      'CAUCE_SECRETS_KEY must be set in production: 32 random bytes in base64 that encrypt stored ' +
        'credentials and workflow data (generate one with `openssl rand -base64 32`, and keep it: losing it ' +
        'loses them).',
    );
  }
  cached = requireBaseUrlInProduction(value);
  return value;
}

/** Where the Temporal frontend is and how to reach it (workflows/client.ts TemporalSettings). */
export function temporalSettings(s: Settings = settings()) {
  return {
    address: s.TEMPORAL_ADDRESS,
    namespace: s.TEMPORAL_NAMESPACE,
    apiKey: s.TEMPORAL_API_KEY,
    tlsCert: s.TEMPORAL_TLS_CERT,
    tlsKey: s.TEMPORAL_TLS_KEY,
  };
}

export function baseUrl(): string {
  const s = settings();
  return s.PUBLIC_BASE_URL ?? `http://localhost:${s.PORT}`;
}

function parseOrThrow<T>(schema: z.ZodType<T>, source: EnvLike): T {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`Invalid environment: ${detail}`);
}
