import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCallbackToken, verifyCallbackToken } from './callback-token';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('callback tokens across a key rotation', () => {
  it('verifies a token signed before the rotation while the old key stays in the keyring', () => {
    const before = signCallbackToken('outbound-call', ['exec-1', 'step'], { CAUCE_SECRETS_KEY: `k1:${k1}` });
    const rotated = { CAUCE_SECRETS_KEY: `k2:${k2},k1:${k1}` };
    expect(verifyCallbackToken('outbound-call', before, rotated)).toEqual(['exec-1', 'step']);
    // New tokens are signed with the current key only.
    const after = signCallbackToken('outbound-call', ['exec-2'], rotated);
    expect(verifyCallbackToken('outbound-call', after, { CAUCE_SECRETS_KEY: `k2:${k2}` })).toEqual([
      'exec-2',
    ]);
    expect(verifyCallbackToken('outbound-call', after, { CAUCE_SECRETS_KEY: `k1:${k1}` })).toBeNull();
    // Dropping the old key ends the old tokens; another purpose never verifies.
    expect(verifyCallbackToken('outbound-call', before, { CAUCE_SECRETS_KEY: `k2:${k2}` })).toBeNull();
    expect(verifyCallbackToken('recording', before, rotated)).toBeNull();
  });
});
