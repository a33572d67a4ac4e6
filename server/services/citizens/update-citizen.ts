import { eq, type SQL, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { normalizeEmail, normalizePhone } from './contact-address';
import { isUuid } from './ids';

export const CONSENT_CHANNELS = ['sms', 'whatsapp', 'email', 'voice'] as const;

export type UpdateCitizenInput = {
  organizationId: string;
  citizenId: string;
  /** first_name, last_name, email, locality, phone (added as the first phone); any other key, or attributes.<key>, is a free attribute. */
  fields: Record<string, string>;
  consents: { channel: string; status: 'granted' | 'opted_out' }[];
};

/**
 * What a flow learned about a citizen. The citizen base is shared, so the fields change for every
 * organismo; consents are this organismo's own.
 */
export async function updateCitizen(db: Database, input: UpdateCitizenInput): Promise<void> {
  if (!isUuid(input.citizenId)) throw new AppError('NOT_FOUND', `Citizen ${input.citizenId} not found`);
  const patch = citizenPatch(input.fields);
  const consents = input.consents.map((c) => ({ ...c, channel: consentChannel(c.channel) }));

  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.citizen)
      .set({ ...patch.columns, updatedAt: sql`now()` })
      .where(eq(schema.citizen.id, input.citizenId))
      .returning({ id: schema.citizen.id });
    if (!row) throw new AppError('NOT_FOUND', `Citizen ${input.citizenId} not found`);
    for (const consent of consents) {
      await tx
        .insert(schema.citizenConsent)
        .values({
          organizationId: input.organizationId,
          citizenId: input.citizenId,
          channel: consent.channel,
          status: consent.status,
          source: 'flow',
        })
        .onConflictDoUpdate({
          target: [
            schema.citizenConsent.organizationId,
            schema.citizenConsent.citizenId,
            schema.citizenConsent.channel,
          ],
          set: { status: consent.status, source: 'flow', updatedAt: sql`now()` },
        });
    }
  });
}

type CitizenColumns = Partial<{
  firstName: string;
  lastName: string;
  email: string | null;
  locality: string | null;
  phones: SQL;
  attributes: SQL;
}>;

function citizenPatch(fields: Record<string, string>): { columns: CitizenColumns } {
  const columns: CitizenColumns = {};
  const attributes: Record<string, string> = {};
  for (const [rawKey, rawValue] of Object.entries(fields)) {
    const value = rawValue.trim();
    if (rawKey === 'first_name' || rawKey === 'last_name') {
      // A blank answer must not erase a name the base already has.
      if (value) columns[rawKey === 'first_name' ? 'firstName' : 'lastName'] = value;
    } else if (rawKey === 'email') {
      const email = value ? normalizeEmail(value) : null;
      if (value && !email) throw new AppError('INVALID_INPUT', `"${value}" is not an email address`);
      columns.email = email;
    } else if (rawKey === 'locality') {
      columns.locality = value || null;
    } else if (rawKey === 'phone') {
      if (!value) continue;
      const phone = normalizePhone(value);
      if (!phone) throw new AppError('INVALID_INPUT', `"${value}" is not a phone number`);
      // The number a flow just confirmed becomes the first (the one `contact.phone` shows).
      columns.phones = sql`array_prepend(${phone}::text, array_remove(${schema.citizen.phones}, ${phone}::text))`;
    } else {
      const key = rawKey.startsWith('attributes.') ? rawKey.slice('attributes.'.length) : rawKey;
      if (key) attributes[key] = rawValue;
    }
  }
  if (Object.keys(attributes).length > 0) {
    columns.attributes = sql`${schema.citizen.attributes} || ${JSON.stringify(attributes)}::jsonb`;
  }
  return { columns };
}

function consentChannel(value: string): (typeof CONSENT_CHANNELS)[number] {
  const channel = CONSENT_CHANNELS.find((c) => c === value.trim().toLowerCase());
  if (!channel) throw new AppError('INVALID_INPUT', `Unknown consent channel "${value}"`);
  return channel;
}
