import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  devSecretsKey,
  encryptSecret,
  parseSecretsKey,
  SecretDecryptError,
  secretsKey,
} from './secrets';

const key = randomBytes(32);
const CONTEXT = 'twilio-auth-token:org-a';

/** Flips one bit of one base64url segment of the stored value (1 = iv, 2 = tag, 3 = ciphertext). */
function tamper(stored: string, segment: number, byte = 0): string {
  const parts = stored.split('.');
  const bytes = Buffer.from(parts[segment] ?? '', 'base64url');
  bytes[byte % bytes.length] = (bytes[byte % bytes.length] ?? 0) ^ 0x01;
  parts[segment] = bytes.toString('base64url');
  return parts.join('.');
}

describe('secrets at rest (AES-256-GCM)', () => {
  it('round-trips any text, with a fresh IV each time and no plaintext in the stored value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (plain) => {
        const stored = encryptSecret(plain, CONTEXT, key);
        expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
        expect(decryptSecret(stored, CONTEXT, key)).toBe(plain);
      }),
    );
    const token = randomBytes(16).toString('hex');
    const first = encryptSecret(token, CONTEXT, key);
    const second = encryptSecret(token, CONTEXT, key);
    expect(first).not.toBe(second);
    expect(first).not.toContain(token);
    expect(Buffer.from(first.split('.')[3] ?? '', 'base64url').toString('utf8')).not.toContain(token);
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const stored = encryptSecret(randomBytes(16).toString('hex'), CONTEXT, key);
    for (const segment of [1, 2, 3]) {
      for (const byte of [0, 5, 11]) {
        expect(() => decryptSecret(tamper(stored, segment, byte), CONTEXT, key)).toThrow(SecretDecryptError);
      }
    }
    // A truncated or reshaped value is refused before any decryption.
    expect(() => decryptSecret(stored.slice(0, -4), CONTEXT, key)).toThrow(SecretDecryptError);
    expect(() => decryptSecret(`v2${stored.slice(2)}`, CONTEXT, key)).toThrow(/unknown format/);
    expect(() => decryptSecret('not-a-secret', CONTEXT, key)).toThrow(/unknown format/);
  });

  it('refuses another key, and a value moved to another organismo (the context is authenticated)', () => {
    const stored = encryptSecret('secreto', CONTEXT, key);
    expect(() => decryptSecret(stored, CONTEXT, randomBytes(32))).toThrow(SecretDecryptError);
    expect(() => decryptSecret(stored, 'twilio-auth-token:org-b', key)).toThrow(SecretDecryptError);
  });
});

describe('the secrets key', () => {
  it('takes 32 bytes of base64 and refuses anything else', () => {
    const value = randomBytes(32).toString('base64');
    expect(parseSecretsKey(value).length).toBe(32);
    expect(() => parseSecretsKey(randomBytes(16).toString('base64'))).toThrow(/32 random bytes/);
    expect(() => parseSecretsKey(`${value.slice(0, 20)}!!${value.slice(22)}`)).toThrow(/32 random bytes/);
  });

  it('is derived, stable, from the auth secret in development and required in production', () => {
    const dev = secretsKey({ BETTER_AUTH_SECRET: 'a'.repeat(40) });
    expect(dev.equals(secretsKey({ BETTER_AUTH_SECRET: 'a'.repeat(40) }))).toBe(true);
    expect(dev.equals(secretsKey({ BETTER_AUTH_SECRET: 'b'.repeat(40) }))).toBe(false);
    expect(devSecretsKey({ BETTER_AUTH_SECRET: 'a'.repeat(40) })).toBe(dev.toString('base64'));
    const configured = randomBytes(32).toString('base64');
    expect(secretsKey({ CAUCE_SECRETS_KEY: configured, NODE_ENV: 'production' }).toString('base64')).toBe(
      configured,
    );
    expect(() => secretsKey({ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'a'.repeat(40) })).toThrow(
      /CAUCE_SECRETS_KEY is required in production/,
    );
  });
});
