import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { devSecretsKey, secretsKeyring } from '../server/secrets';
import { dataConverter } from './client';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  METADATA_KEY_ID,
  PayloadDecryptError,
  UnknownPayloadKeyError,
} from './payload-codec';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');
const codecFor = (CAUCE_SECRETS_KEY: string) => new EncryptionCodec(secretsKeyring({ CAUCE_SECRETS_KEY }));
const citizen = { nombre: 'María Eugenia Ríos', telefono: '+5493424000001' };
const payloadOf = (value: unknown) => defaultPayloadConverter.toPayload(value);
const plainValue = (payload: Payload | undefined) =>
  payload ? defaultPayloadConverter.fromPayload<unknown>(payload) : undefined;
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('latin1');
const metadataOf = (payload: Payload | undefined) =>
  Object.fromEntries(Object.entries(payload?.metadata ?? {}).map(([k, v]) => [k, text(v)]));

describe('the Temporal payload codec (AES-256-GCM)', () => {
  it('seals each payload with a fresh IV under the current key id, and opens it back', async () => {
    const codec = codecFor(`k1:${k1}`);
    const plain = [payloadOf(citizen), payloadOf(citizen), payloadOf(null)];
    const encoded = await codec.encode(plain);
    expect(encoded.map(metadataOf)).toEqual(
      plain.map(() => ({ [METADATA_ENCODING_KEY]: ENCRYPTED_ENCODING, [METADATA_KEY_ID]: 'k1' })),
    );
    for (const payload of encoded) {
      expect(text(payload.data)).not.toContain(citizen.nombre);
      expect(text(payload.data)).not.toContain(citizen.telefono);
      // The whole payload is sealed, its JSON encoding too.
      expect(text(payload.data)).not.toContain('json/plain');
    }
    expect(text(encoded[0]?.data)).not.toBe(text(encoded[1]?.data));
    const decoded = await codec.decode(encoded);
    expect(decoded.map(plainValue)).toEqual([citizen, citizen, null]);
    expect(decoded.map(metadataOf)).toEqual(plain.map(metadataOf));
  });

  it('passes payloads without the encrypted encoding through as they are (histories from before it)', async () => {
    const plain = [payloadOf(citizen), { metadata: {}, data: new Uint8Array([1, 2]) }, {}];
    await expect(codecFor(`k1:${k1}`).decode(plain)).resolves.toEqual(plain);
  });

  it('after a rotation (k2,k1) opens what k1 sealed and seals new payloads with k2', async () => {
    const before = await codecFor(`k1:${k1}`).encode([payloadOf(citizen)]);
    const rotated = codecFor(`k2:${k2},k1:${k1}`);
    expect((await rotated.decode(before)).map(plainValue)).toEqual([citizen]);
    const after = await rotated.encode([payloadOf(citizen)]);
    expect(metadataOf(after[0])[METADATA_KEY_ID]).toBe('k2');
    expect((await codecFor(`k2:${k2}`).decode(after)).map(plainValue)).toEqual([citizen]);
    // Today's single bare key keeps its derived id when a new key is put in front of it.
    const bare = await codecFor(k1).encode([payloadOf(citizen)]);
    expect((await codecFor(`k2:${k2},${k1}`).decode(bare)).map(plainValue)).toEqual([citizen]);
  });

  it('fails loudly, naming the key id, when the keyring lacks the key a payload names', async () => {
    const sealed = await codecFor(`k1:${k1}`).encode([payloadOf(citizen)]);
    const decoding = codecFor(`k2:${k2}`).decode(sealed);
    await expect(decoding).rejects.toThrow(UnknownPayloadKeyError);
    await expect(codecFor(`k2:${k2}`).decode(sealed)).rejects.toThrow(
      /encrypted with key id "k1", which CAUCE_SECRETS_KEY does not hold \(it holds "k2"\)/,
    );
  });

  it('refuses altered data, a key id swapped in the metadata, and another key under the same id', async () => {
    const [sealed] = await codecFor(`k1:${k1},k2:${k2}`).encode([payloadOf(citizen)]);
    if (!sealed?.data) throw new Error('no payload');
    const flipped = Buffer.from(sealed.data);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    const both = codecFor(`k1:${k1},k2:${k2}`);
    await expect(both.decode([{ ...sealed, data: flipped }])).rejects.toThrow(PayloadDecryptError);
    const swapped = { ...sealed, metadata: { ...sealed.metadata, [METADATA_KEY_ID]: Buffer.from('k2') } };
    await expect(both.decode([swapped])).rejects.toThrow(PayloadDecryptError);
    await expect(codecFor(`k1:${k2}`).decode([sealed])).rejects.toThrow(/key id "k1" cannot be decrypted/);
    await expect(both.decode([{ ...sealed, data: new Uint8Array(8) }])).rejects.toThrow(PayloadDecryptError);
  });
});

describe('the data converter every client and worker uses', () => {
  it('needs no key in development (the derived one, the same the dev stack hands its children) and refuses production without one', async () => {
    const codec = (env: Record<string, string>) => dataConverter(env).payloadCodecs?.[0];
    const sealed = (await codec({})?.encode([payloadOf(citizen)])) ?? [];
    expect(metadataOf(sealed[0])[METADATA_KEY_ID]).toMatch(/^k[0-9a-f]{12}$/);
    const child = codec({ CAUCE_SECRETS_KEY: devSecretsKey({}), NODE_ENV: 'production' });
    expect((await child?.decode(sealed))?.map(plainValue)).toEqual([citizen]);
    expect(() => dataConverter({ NODE_ENV: 'production' })).toThrow(
      /CAUCE_SECRETS_KEY is required in production/,
    );
  });
});
