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
/** Entries per cache: webhooks name numbers, so a flood of made-up ones must not grow memory. */
export const CACHE_MAX_ENTRIES = 5_000;

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

/** "whatsapp:+54 342 400-0000" → "+543424000000"; null when it is not a phone number. */
export function phoneOf(address: string): string | null {
  return toE164(withoutChannelPrefix(address));
}

/**
 * A bounded, least-recently-used cache of reads. A miss (null) is not remembered, nor is a failed
 * read: a made-up key costs one query and no memory.
 */
function cached<T>(cache: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.expires > now) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.value;
  }
  const value = load();
  cache.delete(key);
  cache.set(key, { expires: now + CACHE_TTL_MS, value });
  while (cache.size > CACHE_MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  const forget = () => {
    if (cache.get(key)?.value === value) cache.delete(key);
  };
  value.then((v) => {
    if (v === null) forget();
  }, forget);
  return value;
}

/** How many entries the owner cache holds (tests: a flood of unknown numbers leaves it empty). */
export function ownerCacheSize(): number {
  return ownerCache.size;
}
