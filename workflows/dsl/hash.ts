import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** JSON with object keys sorted, so equal content hashes equally. */
function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = Reflect.get(v, k);
      return sorted;
    }) ?? 'null'
  );
}

export function contentHash(value: unknown, hash: (text: string) => string = pureSha256): string {
  return hash(canonicalJson(value));
}

function pureSha256(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
