import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organization, user } from './auth';

/**
 * An organismo's Twilio settings. Without a subaccount it sends through the platform's account
 * (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN) with its own senders; with one, everything it sends and
 * receives goes through that subaccount. The auth token is stored encrypted (AES-256-GCM, see
 * server/services/telephony/secrets.ts); `authTokenLast4` is what the settings page shows.
 */
export const telephonyAccount = pgTable(
  'telephony_account',
  {
    organizationId: text('organization_id')
      .primaryKey()
      .references(() => organization.id, { onDelete: 'cascade' }),
    subaccountSid: text('subaccount_sid'),
    authTokenEncrypted: text('auth_token_encrypted'),
    authTokenLast4: text('auth_token_last4'),
    messagingServiceSid: text('messaging_service_sid'),
    /** E.164 caller id for outbound calls, and the SMS sender when there is no Messaging Service. */
    defaultCallerId: text('default_caller_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
  },
  // A subaccount is one organismo's alone.
  (t) => [uniqueIndex('telephony_account_subaccount_uq').on(t.subaccountSid)],
);
export type TelephonyAccount = typeof telephonyAccount.$inferSelect;

export const PHONE_NUMBER_KINDS = ['voice_sms', 'whatsapp'] as const;
export type PhoneNumberKind = (typeof PHONE_NUMBER_KINDS)[number];
export const TELEPHONY_ACCOUNTS = ['platform', 'subaccount'] as const;
export type TelephonyAccountKind = (typeof TELEPHONY_ACCOUNTS)[number];

/**
 * A phone number or WhatsApp sender assigned to one organismo. The same E.164 may appear once per
 * kind (a number that also is a WhatsApp sender), always for the same organismo and account: the
 * service checks that under an advisory lock on the number.
 */
export const phoneNumber = pgTable(
  'phone_number',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    kind: text('kind').$type<PhoneNumberKind>().notNull(),
    account: text('account').$type<TelephonyAccountKind>().notNull().default('platform'),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('phone_number_number_kind_uq').on(t.number, t.kind),
    index('phone_number_org_idx').on(t.organizationId),
  ],
);
export type PhoneNumber = typeof phoneNumber.$inferSelect;
