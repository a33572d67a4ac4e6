import { asc, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { PhoneNumberKind, TelephonyAccount, TelephonyAccountKind } from '@/db/schema/telephony';
import { toE164 } from '@/lib/phone-number';
import { withoutChannelPrefix } from '@/server/services/citizens/contact-address';

/**
 * An organismo's Twilio row and its numbers, read often (every send, every webhook) and changed
 * rarely: cached per process for a short time. A change made here clears this process's entries;
 * other processes (Next replicas, workers) see it within CACHE_TTL_MS.
 */
export const CACHE_TTL_MS = 30_000;

export type OrgNumber = { number: string; kind: PhoneNumberKind; account: TelephonyAccountKind };
export type OrgTelephony = { row: TelephonyAccount | null; numbers: OrgNumber[] };
export type NumberOwner = { organizationId: string; account: TelephonyAccountKind };

type Entry<T> = { expires: number; value: Promise<T> };
type Caches = { org: Map<string, Entry<OrgTelephony>>; owner: Map<string, Entry<NumberOwner | null>> };

// On globalThis: Next bundles each route apart, and the page that reads must see the API's invalidation.
const globalForTelephony = globalThis as unknown as { cauceTelephonyCache?: Caches };
globalForTelephony.cauceTelephonyCache ??= { org: new Map(), owner: new Map() };
const { org: orgCache, owner: ownerCache } = globalForTelephony.cauceTelephonyCache;

export function invalidateTelephonyCache(): void {
  orgCache.clear();
  ownerCache.clear();
}

export function loadOrgTelephony(db: Database, organizationId: string): Promise<OrgTelephony> {
  return cached(orgCache, organizationId, async () => {
    const row = await db.query.telephonyAccount.findFirst({
      where: eq(schema.telephonyAccount.organizationId, organizationId),
    });
    const numbers = await db
      .select({
        number: schema.phoneNumber.number,
        kind: schema.phoneNumber.kind,
        account: schema.phoneNumber.account,
      })
      .from(schema.phoneNumber)
      .where(eq(schema.phoneNumber.organizationId, organizationId))
      .orderBy(asc(schema.phoneNumber.createdAt), asc(schema.phoneNumber.number));
    return { row: row ?? null, numbers };
  });
}

/** The organismo (and account) a number is registered to; null when no organismo registered it. */
export function numberOwner(db: Database, rawNumber: string): Promise<NumberOwner | null> {
  const number = phoneOf(rawNumber);
  if (!number) return Promise.resolve(null);
  return cached(ownerCache, number, async () => {
    const [row] = await db
      .select({ organizationId: schema.phoneNumber.organizationId, account: schema.phoneNumber.account })
      .from(schema.phoneNumber)
      .where(eq(schema.phoneNumber.number, number))
      .limit(1);
    return row ?? null;
  });
}

/** The organismo whose own subaccount has this SID; null when none (the platform's, or unknown). */
export function subaccountOwner(db: Database, accountSid: string): Promise<string | null> {
  return cached(ownerCache, `sid:${accountSid}`, async () => {
    const [row] = await db
      .select({ organizationId: schema.telephonyAccount.organizationId })
      .from(schema.telephonyAccount)
      .where(eq(schema.telephonyAccount.subaccountSid, accountSid))
      .limit(1);
    return row ? { organizationId: row.organizationId, account: 'subaccount' } : null;
  }).then((owner) => owner?.organizationId ?? null);
}

/** "whatsapp:+54 342 400-0000" → "+543424000000"; null when it is not a phone number. */
export function phoneOf(address: string): string | null {
  return toE164(withoutChannelPrefix(address));
}

function cached<T>(cache: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) return hit.value;
  const value = load();
  cache.set(key, { expires: now + CACHE_TTL_MS, value });
  // A failed read is not remembered: the next caller asks the database again.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}
