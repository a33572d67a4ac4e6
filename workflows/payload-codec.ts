import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { SecretsKeyring } from '../server/secrets';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ENCODING_BYTES = Buffer.from(ENCRYPTED_ENCODING);
const { Payload: PayloadProto } = temporal.api.common.v1;

/** A payload names a key id that CAUCE_SECRETS_KEY does not hold (dropped too early in a rotation). */
export class UnknownPayloadKeyError extends Error {
  constructor(keyId: string, known: readonly string[]) {
    super(
      `A Temporal payload is encrypted with key id "${keyId}", which CAUCE_SECRETS_KEY does not hold ` +
        `(it holds ${known.map((k) => `"${k}"`).join(', ')}). Put that key back after the current one ` +
        `(CAUCE_SECRETS_KEY=<current-id>:<base64>,${keyId}:<base64>) on every Next process and worker.`,
    );
    this.name = 'UnknownPayloadKeyError';
  }
}

/** An encrypted payload does not open with the key its id names: altered data, or another key under that id. */
export class PayloadDecryptError extends Error {
  constructor(keyId: string) {
    super(
      `A Temporal payload encrypted with key id "${keyId}" cannot be decrypted: its data was altered, ` +
        `or CAUCE_SECRETS_KEY holds another key under that id`,
    );
    this.name = 'PayloadDecryptError';
  }
}

/**
 * Encrypts every payload Cauce's clients and workers send to Temporal (workflow and activity
 * inputs and results, signals, updates, queries, memos): the server and its history keep only
 * ciphertext, as in temporalio/samples-typescript `encryption`. The whole payload (its metadata and
 * data) is sealed with AES-256-GCM under the keyring's current key and a fresh 12-byte IV: `data` is
 * iv ‖ ciphertext ‖ tag, the key id is authenticated with it. A payload without the encrypted
 * encoding (histories recorded before this codec) decodes as it is.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly currentId: Buffer;

  constructor(private readonly keyring: SecretsKeyring) {
    this.currentId = Buffer.from(keyring.current.id);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keyring.current;
    const aad = additionalData(id);
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const sealed = cipher.update(PayloadProto.encode(payload).finish());
      return {
        metadata: { [METADATA_ENCODING_KEY]: ENCODING_BYTES, [METADATA_KEY_ID]: this.currentId },
        data: Buffer.concat([iv, sealed, cipher.final(), cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || !ENCODING_BYTES.equals(encoding)) return payload;
      const idBytes = payload.metadata?.[METADATA_KEY_ID];
      const id = idBytes ? Buffer.from(idBytes).toString('utf8') : '';
      const key = this.keyring.byId.get(id);
      if (!key) throw new UnknownPayloadKeyError(id, [...this.keyring.byId.keys()]);
      const data = payload.data ?? new Uint8Array();
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptError(id);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(additionalData(id));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
          decipher.final(),
        ]);
        return PayloadProto.decode(plain);
      } catch {
        throw new PayloadDecryptError(id);
      }
    });
  }
}

/** Authenticated with the ciphertext: a key id swapped in the metadata makes the payload fail to open. */
function additionalData(keyId: string): Buffer {
  return Buffer.from(`cauce-payload:${keyId}`, 'utf8');
}
