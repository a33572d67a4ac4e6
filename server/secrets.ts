import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

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

/** CAUCE_SECRETS_KEY: 32 random bytes in base64 (`openssl rand -base64 32`). */
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

/**
 * Development and tests need no configuration: a stable key derived from the auth secret, so data
 * encrypted by one `npm run dev` still decrypts in the next one. Production must set its own.
 */
export function devSecretsKey(env: EnvLike = process.env): string {
  const secret = env.BETTER_AUTH_SECRET || DEV_AUTH_SECRET;
  return Buffer.from(hkdfSync('sha256', secret, 'cauce', 'cauce-secrets-key-v1', 32)).toString('base64');
}

/** The key that encrypts secrets at rest (AES-256-GCM). */
export function secretsKey(env: EnvLike = process.env): Buffer {
  const configured = env.CAUCE_SECRETS_KEY?.trim();
  if (configured) return parseSecretsKey(configured);
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'CAUCE_SECRETS_KEY is required in production (generate one with `openssl rand -base64 32`)',
    );
  }
  return parseSecretsKey(devSecretsKey(env));
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

export function decryptSecret(stored: string, context: string, key: Buffer = secretsKey()): string {
  const [version, iv, tag, data, ...rest] = stored.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined || rest.length > 0) {
    throw new SecretDecryptError('The stored secret has an unknown format');
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new SecretDecryptError('The stored secret has an unknown format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretDecryptError();
  }
}
