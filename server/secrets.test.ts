import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  devSecretsKey,
  encryptSecret,
  keyId,
  parseSecretsKey,
  parseSecretsKeys,
  SecretDecryptError,
  secretsKey,
  secretsKeyring,
  secretsKeys,
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

describe('several keys (rotation)', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const b64 = (k: Buffer) => k.toString('base64');

  it('reads `id:base64,id:base64`, the first being current; a bare key gets an id derived from it', () => {
    const ring = parseSecretsKeys(` k2:${b64(k2)} , k1:${b64(k1)} `);
    expect(ring.current.id).toBe('k2');
    expect(ring.current.key.equals(k2)).toBe(true);
    expect([...ring.byId.keys()]).toEqual(['k2', 'k1']);
    // Today's value (one bare key) stays valid, and keeps its id when a new key goes in front of it.
    const single = parseSecretsKeys(b64(k1));
    expect(single.current.id).toBe(keyId(k1));
    expect(single.current.id).toMatch(/^k[0-9a-f]{12}$/);
    expect(single.current.id).not.toBe(keyId(k2));
    expect(
      parseSecretsKeys(`new:${b64(k2)},${b64(k1)}`)
        .byId.get(keyId(k1))
        ?.equals(k1),
    ).toBe(true);
    expect(secretsKey({ CAUCE_SECRETS_KEY: `k2:${b64(k2)},k1:${b64(k1)}` }).equals(k2)).toBe(true);
  });

  it('refuses a repeated id, a bad id, a bad key among good ones, and an empty list', () => {
    expect(() => parseSecretsKeys(`a:${b64(k1)},a:${b64(k2)}`)).toThrow(/"a" twice/);
    expect(() => parseSecretsKeys(`a b:${b64(k1)}`)).toThrow(/key id "a b"/);
    expect(() => parseSecretsKeys(`a:${b64(k1)},b:${randomBytes(16).toString('base64')}`)).toThrow(
      /32 random bytes/,
    );
    expect(() => parseSecretsKeys(' , ')).toThrow(/holds no key/);
  });

  it('encrypts with the current key and still decrypts what an older key of the keyring encrypted', () => {
    const before = encryptSecret('token-viejo', CONTEXT, secretsKey({ CAUCE_SECRETS_KEY: `k1:${b64(k1)}` }));
    const rotated = { CAUCE_SECRETS_KEY: `k2:${b64(k2)},k1:${b64(k1)}` };
    expect(decryptSecret(before, CONTEXT, secretsKeys(rotated))).toBe('token-viejo');
    const after = encryptSecret('token-nuevo', CONTEXT, secretsKey(rotated));
    expect(() => decryptSecret(after, CONTEXT, k1)).toThrow(SecretDecryptError);
    expect(decryptSecret(after, CONTEXT, k2)).toBe('token-nuevo');
    // Once the old key is dropped, what only it encrypted no longer decrypts.
    expect(() => decryptSecret(before, CONTEXT, secretsKeys({ CAUCE_SECRETS_KEY: b64(k2) }))).toThrow(
      SecretDecryptError,
    );
  });

  it('uses the development key when unset outside production, as one key', () => {
    const ring = secretsKeyring({ BETTER_AUTH_SECRET: 'a'.repeat(40) });
    expect([...ring.byId.keys()]).toEqual([ring.current.id]);
    expect(ring.current.key.toString('base64')).toBe(devSecretsKey({ BETTER_AUTH_SECRET: 'a'.repeat(40) }));
  });
});
