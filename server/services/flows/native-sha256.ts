import { createHash } from 'node:crypto';

/** Node's native SHA-256 for program hashes (the pure-JS default is ~10× slower on large flows). */
export function nativeSha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
