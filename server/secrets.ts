import 'server-only';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

type EnvLike = Readonly<Record<string, string | undefined>>;

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The auth secret of development and tests when BETTER_AUTH_SECRET is unset (env.ts refuses it in production). */
export const DEV_AUTH_SECRET = 'cauce-development-secret-not-for-production';

/** A stored secret could not be decrypted: wrong key, or the value or its context was altered. */
export class SecretDecryptError extends Error {
  constructor(message = 'The stored secret cannot be decrypted (wrong CAUCE_SECRETS_KEY or altered data)') {
    super(message);
    this.name = 'SecretDecryptError';
  }
}

/** One key of CAUCE_SECRETS_KEY: 32 random bytes in base64 (`openssl rand -base64 32`). */
export function parseSecretsKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = Buffer.from(trimmed, 'base64');
  // Buffer.from skips characters that are not base64: re-encode to refuse a mistyped key.
  const canonical = key.toString('base64').replace(/=+$/, '');
  if (key.length !== 32 || canonical !== trimmed.replace(/=+$/, '')) {
    throw new Error('CAUCE_SECRETS_KEY must be 32 random bytes in base64 (`openssl rand -base64 32`)');
  }
  return key;
}

/** The keys CAUCE_SECRETS_KEY holds: the first encrypts, every one decrypts what it encrypted. */
export type SecretsKeyring = {
  current: { id: string; key: Buffer };
  /** Every key by id, the current one first. */
  byId: ReadonlyMap<string, Buffer>;
};

const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * CAUCE_SECRETS_KEY: one key, or several for a rotation, comma-separated, the current one first:
 * `2026-12:<base64>,2026-06:<base64>`. A key without `id:` (today's single-key value) gets an id
 * derived from it (`keyId`), so the value a deployment already has keeps naming its key the same
 * way when it moves behind a new one.
 */
export function parseSecretsKeys(value: string): SecretsKeyring {
  const byId = new Map<string, Buffer>();
  for (const entry of value.split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    // base64 has no ':', so a colon always separates an id.
    const colon = trimmed.indexOf(':');
    const key = parseSecretsKey(colon < 0 ? trimmed : trimmed.slice(colon + 1));
    const id = colon < 0 ? keyId(key) : trimmed.slice(0, colon).trim();
    if (!KEY_ID.test(id)) {
      throw new Error(
        `CAUCE_SECRETS_KEY: the key id "${id}" must be 1–64 letters, digits, '-' or '_' (id:base64,id:base64)`,
      );
    }
    if (byId.has(id)) throw new Error(`CAUCE_SECRETS_KEY names the key id "${id}" twice`);
    byId.set(id, key);
  }
  const [first] = byId;
  if (!first) throw new Error('CAUCE_SECRETS_KEY holds no key (`openssl rand -base64 32`)');
  return { current: { id: first[0], key: first[1] }, byId };
}

/** The id of a key given without one: a fingerprint (SHA-256, 12 hex digits) that says nothing about the key. */
export function keyId(key: Buffer): string {
  return `k${createHash('sha256').update('cauce-secrets-key-id\n').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * Development and tests need no configuration: a stable key derived from the auth secret, so data
 * encrypted by one `npm run dev` still decrypts in the next one. Production must set its own.
 */
export function devSecretsKey(env: EnvLike = process.env): string {
  const secret = env.BETTER_AUTH_SECRET || DEV_AUTH_SECRET;
  return Buffer.from(hkdfSync('sha256', secret, 'cauce', 'cauce-secrets-key-v1', 32)).toString('base64');
}

/** Every key of CAUCE_SECRETS_KEY (the development key when unset outside production). */
export function secretsKeyring(env: EnvLike = process.env): SecretsKeyring {
  const configured = env.CAUCE_SECRETS_KEY?.trim();
  if (configured) return parseSecretsKeys(configured);
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'CAUCE_SECRETS_KEY is required in production (generate one with `openssl rand -base64 32`)',
    );
  }
  return parseSecretsKeys(devSecretsKey(env));
}

/** The key that encrypts secrets at rest (AES-256-GCM): the current one of the keyring. */
export function secretsKey(env: EnvLike = process.env): Buffer {
  return secretsKeyring(env).current.key;
}

/** Every key, the current one first: what decrypts values written before a rotation. */
export function secretsKeys(env: EnvLike = process.env): Buffer[] {
  return [...secretsKeyring(env).byId.values()];
}

/**
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). `context` (e.g. "twilio-auth-token:<organizationId>")
 * is authenticated with the data, so a value copied into another organismo's row does not decrypt.
 */
export function encryptSecret(plain: string, context: string, key: Buffer = secretsKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Decrypts with the given key, or with the first of several that opens it (the keyring after a rotation). */
export function decryptSecret(
  stored: string,
  context: string,
  keys: Buffer | readonly Buffer[] = secretsKeys(),
): string {
  const [version, iv, tag, data, ...rest] = stored.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined || rest.length > 0) {
    throw new SecretDecryptError('The stored secret has an unknown format');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new SecretDecryptError('The stored secret has an unknown format');
  }
  const ciphertext = Buffer.from(data, 'base64url');
  // GCM's tag refuses a wrong key, so trying each key of a rotation is safe (and there are few).
  for (const key of Buffer.isBuffer(keys) ? [keys] : keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {}
  }
  throw new SecretDecryptError();
}
