import { createHash } from 'node:crypto';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import type { Database } from '@/db';
import { ACCOUNT_THROTTLED_CODE } from '@/lib/sign-in-codes';
import { consumeThrottle, refundThrottle } from '@/server/services/throttle/throttle';

/** Sign-ins that did not succeed, per account (any address), before the account answers 429. */
export const ACCOUNT_SIGN_IN_RULE = { max: 10, windowMs: 15 * 60_000 };

const SIGN_IN = '/sign-in/email';

/**
 * better-auth hooks for the per-account throttle (the per-address one is better-auth's own). Each
 * sign-in takes a slot in the account's 15-minute window before the password is checked, so a
 * burst from many addresses cannot outrun the count; a successful sign-in gives back its own slot,
 * so the e2e specs and a shift signing in never fill it. A success resets nothing else: an attacker's
 * failures stay counted, and once the window is full the account answers 429 until it ends, right
 * password or not (checking it then would still be a guess). The price is that an attacker can keep
 * an account out for 15 minutes at a time; the per-address limit bounds how cheaply.
 */
export function accountThrottleHooks(db: Database) {
  // The window each attempt's slot was taken in, for the after hook (the request object, else the body).
  const slots = new WeakMap<object, { key: string; windowStart: Date }>();
  const before = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== SIGN_IN) return;
    const email: unknown = ctx.body?.email;
    if (typeof email !== 'string' || !email) return;
    const key = `sign-in:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
    const slot = await consumeThrottle(db, key, ACCOUNT_SIGN_IN_RULE);
    if (!slot.allowed) {
      throw new APIError(
        'TOO_MANY_REQUESTS',
        { message: 'Too many failed sign-ins for this account', code: ACCOUNT_THROTTLED_CODE },
        { 'Retry-After': String(slot.retryAfterSeconds) },
      );
    }
    const holder = ctx.request ?? ctx.body;
    if (holder && typeof holder === 'object') slots.set(holder, { key, windowStart: slot.windowStart });
  });
  const after = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== SIGN_IN) return;
    const holder = ctx.request ?? ctx.body;
    const slot = holder && typeof holder === 'object' ? slots.get(holder) : undefined;
    if (!slot || isAPIError(ctx.context.returned)) return;
    await refundThrottle(db, slot.key, slot.windowStart);
  });
  return { before, after };
}
