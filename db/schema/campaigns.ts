import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  CampaignAudience,
  CampaignPacing,
  CampaignRetries,
  CampaignSchedule,
  FrequencyCap,
  RelativeRule,
} from '../../lib/contracts/campaign';
import { organization, user } from './auth';
import { citizen, queue } from './contact-center';
import { flow, flowVersion } from './flows';

/** An organismo's typed custom citizen fields (dose_date as a date), which lists map columns to. */
export const citizenField = pgTable(
  'citizen_field',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** 'text' | 'number' | 'date' | 'boolean' */
    type: text('type').notNull(),
    label: text('label').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('citizen_field_org_key_uq').on(t.organizationId, t.key)],
);
export type CitizenField = typeof citizenField.$inferSelect;

/**
 * What one organismo knows of a citizen beyond the shared base: its custom field values (typed as
 * citizen_field says). Tenant-owned, so a tax office never sees a health office's dose_date.
 */
export const citizenProfile = pgTable(
  'citizen_profile',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizen.id, { onDelete: 'cascade' }),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.citizenId] })],
);

/** An uploaded contact list (CSV/XLSX): its mapping, its progress and its counts. */
export const contactList = pgTable(
  'contact_list',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** What the citizens consented to by being on it (Ley 25.326 art. 5): e.g. "vacunacion". */
    purpose: text('purpose').notNull(),
    /** 'importing' | 'ready' | 'failed' */
    status: text('status').notNull().default('importing'),
    fileName: text('file_name').notNull().default(''),
    /** sha256 of the file's bytes: a re-upload of the same file is recognised. */
    fileSha256: text('file_sha256'),
    fileBytes: integer('file_bytes').notNull().default(0),
    /** column → citizen field or custom field, as chosen in the mapping step. */
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull().default({}),
    processedRows: integer('processed_rows').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    /** Rows that named a citizen already on the list (merged into the first). */
    mergedRows: integer('merged_rows').notNull().default(0),
    error: text('error'),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('contact_list_org_sha_idx').on(t.organizationId, t.fileSha256)],
);
export type ContactList = typeof contactList.$inferSelect;

/** A citizen on a list, with the phone and fields the row gave. Duplicates are merged. */
export const contactListEntry = pgTable(
  'contact_list_entry',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    listId: uuid('list_id')
      .notNull()
      .references(() => contactList.id, { onDelete: 'cascade' }),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizen.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    /** E.164, with the mobile 9 when it is a mobile. */
    phone: text('phone'),
    /** 'mobile' | 'fixed' | 'fixed_or_mobile' */
    phoneKind: text('phone_kind'),
    email: text('email'),
    fields: jsonb('fields').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contact_list_entry_list_citizen_uq').on(t.listId, t.citizenId),
    index('contact_list_entry_org_citizen_idx').on(t.organizationId, t.citizenId),
  ],
);
export type ContactListEntry = typeof contactListEntry.$inferSelect;

/** A row the import refused, for the downloadable error report. */
export const contactListError = pgTable(
  'contact_list_error',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    listId: uuid('list_id')
      .notNull()
      .references(() => contactList.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    column: text('column').notNull().default(''),
    /** The offending value, truncated. */
    value: text('value').notNull().default(''),
    /** A code the report translates (INVALID_PHONE, INVALID_DNI, INVALID_DATE, RAGGED_ROW, …). */
    reason: text('reason').notNull(),
  },
  (t) => [index('contact_list_error_list_row_idx').on(t.listId, t.rowNumber)],
);

/** Consent per organismo and purpose: a vaccination list does not make a tax target. */
export const purposeConsent = pgTable(
  'purpose_consent',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizen.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    /** 'granted' | 'revoked' */
    status: text('status').notNull().default('granted'),
    /** Where it came from: 'list:<id>', 'manual', 'api'. */
    source: text('source').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('purpose_consent_uq').on(t.organizationId, t.citizenId, t.purpose)],
);

/**
 * The organismo's own do-not-contact list, which is also the register of each person's right to
 * block further contact (Ley 25.326 art. 27 inc. 3, Decreto 2501/14). Rows are never deleted: a
 * removal only sets removed_at/removed_by.
 */
export const doNotContact = pgTable(
  'do_not_contact',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    citizenId: uuid('citizen_id').references(() => citizen.id, { onDelete: 'set null' }),
    /** E.164 phone or lowercase email. */
    address: text('address').notNull(),
    /** 'citizen_request' (art. 27) | 'staff' | 'complaint' */
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** A removal (admins only) keeps the row: the register shows who removed it, when and why. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: text('removed_by').references(() => user.id, { onDelete: 'set null' }),
    removedNote: text('removed_note'),
  },
  (t) => [
    // One active block per address; a removed one stays in the register and the address may be blocked again.
    uniqueIndex('do_not_contact_org_address_uq')
      .on(t.organizationId, t.address)
      .where(sql`${t.removedAt} is null`),
    index('do_not_contact_org_citizen_idx')
      .on(t.organizationId, t.citizenId)
      .where(sql`${t.removedAt} is null`),
  ],
);

/**
 * An import of the national No Llame registry (Ley 26.951). The registry is national: its numbers
 * are shared by every organismo, like the citizen base; who imported it is recorded.
 */
export const noLlameImport = pgTable('no_llame_import', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** The date the registry's list was issued; campaigns refuse a list older than 30 days. */
  registryDate: date('registry_date').notNull(),
  numbers: integer('numbers').notNull().default(0),
  fileSha256: text('file_sha256'),
  importedByOrganizationId: text('imported_by_organization_id').references(() => organization.id, {
    onDelete: 'set null',
  }),
  importedBy: text('imported_by').references(() => user.id, { onDelete: 'set null' }),
  /** 'importing' | 'ready' | 'failed' */
  status: text('status').notNull().default('importing'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A number on the No Llame registry, as of the newest ready import that listed it. */
export const noLlameNumber = pgTable(
  'no_llame_number',
  {
    phone: text('phone').primaryKey(),
    importId: uuid('import_id')
      .notNull()
      .references(() => noLlameImport.id, { onDelete: 'cascade' }),
  },
  (t) => [index('no_llame_number_import_idx').on(t.importId)],
);

/** An outbound campaign. Its settings are validated by the zod schemas of lib/contracts/campaign. */
export const campaign = pgTable(
  'campaign',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** CampaignStatus */
    status: text('status').notNull().default('draft'),
    flowId: uuid('flow_id').references(() => flow.id, { onDelete: 'restrict' }),
    /** The published version pinned at launch. */
    versionId: uuid('version_id').references(() => flowVersion.id, { onDelete: 'restrict' }),
    /** CampaignChannel */
    channel: text('channel').notNull().default('sms'),
    /** DialingMode; preview and progressive need agentQueueId. */
    dialingMode: text('dialing_mode').notNull().default('agentless'),
    agentQueueId: uuid('agent_queue_id').references(() => queue.id, { onDelete: 'set null' }),
    /** LegalBasis */
    legalBasis: text('legal_basis').notNull().default('public_interest'),
    /** The consent purpose it contacts for; only citizens who consented to it are eligible. */
    purpose: text('purpose').notNull().default(''),
    audience: jsonb('audience').$type<CampaignAudience>().notNull().default({ listIds: [], filters: [] }),
    schedule: jsonb('schedule').$type<CampaignSchedule>().notNull(),
    pacing: jsonb('pacing').$type<CampaignPacing>().notNull(),
    retries: jsonb('retries').$type<CampaignRetries>().notNull().default({}),
    frequencyCap: jsonb('frequency_cap').$type<FrequencyCap | null>(),
    relative: jsonb('relative').$type<RelativeRule | null>(),
    /** Set at launch: the send-only batched path or one runFlow per contact. */
    engine: text('engine'),
    workflowId: text('workflow_id'),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    launchedAt: timestamp('launched_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('campaign_org_status_idx').on(t.organizationId, t.status)],
);
export type Campaign = typeof campaign.$inferSelect;

/**
 * A citizen a campaign targets: its state, why it is not contacted now, and when it is next due.
 * Materialised from the audience at launch; the campaign workflow pages it.
 */
export const campaignContact = pgTable(
  'campaign_contact',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaign.id, { onDelete: 'cascade' }),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizen.id, { onDelete: 'cascade' }),
    entryId: uuid('entry_id').references(() => contactListEntry.id, { onDelete: 'set null' }),
    /** Where this channel reaches the citizen: E.164 phone or email. */
    address: text('address'),
    /** ContactState */
    state: text('state').notNull().default('pending'),
    /** EligibilityReason: why it is excluded or not contacted right now. */
    reason: text('reason'),
    attempts: integer('attempts').notNull().default(0),
    /** When it is next due (its date-relative fire time, or its retry delay's end). */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    lastOutcome: text('last_outcome'),
    disposition: text('disposition'),
    executionId: text('execution_id'),
    /** contact.* fields as the flow sees them (citizen + list row + profile), captured at launch. */
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('campaign_contact_campaign_citizen_uq').on(t.campaignId, t.citizenId),
    index('campaign_contact_due_idx').on(t.campaignId, t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    index('campaign_contact_state_idx').on(t.campaignId, t.state, t.reason),
    index('campaign_contact_org_citizen_idx').on(t.organizationId, t.citizenId),
    // The campaign page's per-contact table: keyset pages by citizen id within a state or a reason.
    index('campaign_contact_state_page_idx').on(t.campaignId, t.state, t.citizenId),
    index('campaign_contact_reason_page_idx').on(t.campaignId, t.reason, t.citizenId),
  ],
);
export type CampaignContact = typeof campaignContact.$inferSelect;

/**
 * One attempt at one contact: the idempotency row. (contact, attempt) is unique, so a restarted
 * worker never sends or starts an attempt twice. Every attempt is recorded with its outcome.
 */
export const campaignAttempt = pgTable(
  'campaign_attempt',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaign.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => campaignContact.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    channel: text('channel').notNull(),
    /** 'started' until its outcome is known; then an AttemptOutcome. */
    outcome: text('outcome').notNull().default('started'),
    disposition: text('disposition'),
    outboxId: uuid('outbox_id'),
    executionId: text('execution_id'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('campaign_attempt_contact_attempt_uq').on(t.contactId, t.attempt),
    index('campaign_attempt_campaign_started_idx').on(t.campaignId, t.startedAt),
    index('campaign_attempt_org_started_idx').on(t.organizationId, t.startedAt),
  ],
);
export type CampaignAttempt = typeof campaignAttempt.$inferSelect;

/** Every lifecycle transition, pace change and notable engine event, for audit and supervision. */
export const campaignEvent = pgTable(
  'campaign_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaign.id, { onDelete: 'cascade' }),
    /** 'created' | 'launched' | 'paused' | 'resumed' | 'cancelled' | 'completed' | 'pace_changed' | 'list_used' | … */
    type: text('type').notNull(),
    actorUserId: text('actor_user_id').references(() => user.id, { onDelete: 'set null' }),
    /** 'ui' | 'api' | 'engine' */
    source: text('source').notNull().default('ui'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('campaign_event_campaign_at_idx').on(t.campaignId, t.at)],
);
