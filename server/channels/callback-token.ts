import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { secretsKey, secretsKeys } from '@/server/secrets';

type EnvLike = Readonly<Record<string, string | undefined>>;

/**
 * What a token is for: one minted for an outbound call's webhooks is refused as a recording
 * reference and the other way round.
 */
export type CallbackPurpose = 'outbound-call' | 'recording' | 'message-status';

const MAC_CHARS = 32;

/**
 * A value Cauce puts in a callback URL it gives Twilio (`?outbound=…`, `?ref=…`) and trusts when
 * it comes back: base64url JSON of `parts`, a dot, and an HMAC keyed from the secrets key. Twilio's
 * signature already proves the request came from a Twilio account, but with per-organismo
 * subaccounts that account may be another organismo's: only this MAC proves Cauce named the
 * execution. Unguessable and unforgeable without the key; not secret (anyone with the URL reads it).
 */
export function signCallbackToken(
  purpose: CallbackPurpose,
  parts: string[],
  env: EnvLike = process.env,
): string {
  const body = Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
  return `${body}.${mac(purpose, body, secretsKey(env))}`;
}

/** The parts of a token this deployment signed for `purpose`, or null (forged, altered, other purpose). */
export function verifyCallbackToken(
  purpose: CallbackPurpose,
  token: string | null | undefined,
  env: EnvLike = process.env,
): string[] | null {
  if (!token || token.length > 2000) return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'utf8');
  // Any key of the keyring: a call placed before a rotation still calls back with the old key's MAC.
  const signed = secretsKeys(env).some((key) => {
    const expected = Buffer.from(mac(purpose, body, key), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!signed) return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    return Array.isArray(parts) && parts.every((p) => typeof p === 'string') ? parts : null;
  } catch {
    return null;
  }
}

/**
 * The `?key=` of a message's status callback: names its outbox row and organismo, so a callback
 * moves that row only, and only a key Cauce minted names one (an idempotency key can be guessed).
 */
export function messageStatusKey(
  outbox: { id: string; organizationId: string },
  env: EnvLike = process.env,
): string {
  return signCallbackToken('message-status', [outbox.id, outbox.organizationId], env);
}

/** The outbox row a status callback's `?key=` names, or null (absent, forged, altered, other purpose). */
export function outboxOfStatusKey(
  key: string | null | undefined,
  env: EnvLike = process.env,
): { id: string; organizationId: string } | null {
  const parts = verifyCallbackToken('message-status', key, env);
  const [id, organizationId] = parts ?? [];
  return parts?.length === 2 && id && organizationId ? { id, organizationId } : null;
}

function mac(purpose: CallbackPurpose, body: string, rootKey: Buffer): string {
  // A key of its own, derived from the secrets key: a leaked MAC says nothing about stored secrets.
  const key = Buffer.from(hkdfSync('sha256', rootKey, 'cauce', 'twilio-callback-token-v1', 32));
  return createHmac('sha256', key).update(`${purpose}\n${body}`).digest('base64url').slice(0, MAC_CHARS);
}
