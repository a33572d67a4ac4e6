import { and, eq } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { type Database, schema } from '@/db';
import { settings } from '@/server/env';

/** The country a number belongs to (ISO 3166), or null when its prefix names no single country. */
export function countryOf(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

/**
 * Why a call, transfer or message to this number is refused, or null when its country is one of
 * CAUCE_DIAL_COUNTRIES. A number whose country cannot be told (a shared prefix like +1 with an
 * invalid number) is refused too: the list says where calls may go, not where they may not.
 */
export function destinationRefusal(
  e164: string,
  countries: readonly string[] = settings().CAUCE_DIAL_COUNTRIES,
): string | null {
  const country = countryOf(e164);
  if (country && countries.includes(country)) return null;
  return `${e164} is ${country ? `in ${country}` : 'in no known country'}, outside the countries calls and messages may go to (CAUCE_DIAL_COUNTRIES=${countries.join(',')})`;
}

/**
 * Why this caller id is refused, or null when it is one of the organismo's own registered voice
 * numbers: Twilio accepts any number of the platform's account, and the citizen would see someone
 * else calling.
 */
export async function callerIdRefusal(
  db: Pick<Database, 'select'>,
  organizationId: string,
  callerId: string,
): Promise<string | null> {
  const [own] = await db
    .select({ id: schema.phoneNumber.id })
    .from(schema.phoneNumber)
    .where(
      and(
        eq(schema.phoneNumber.organizationId, organizationId),
        eq(schema.phoneNumber.number, callerId),
        eq(schema.phoneNumber.kind, 'voice_sms'),
      ),
    )
    .limit(1);
  return own
    ? null
    : `${callerId} is not one of this organismo's numbers: use one registered under Telephony`;
}
