import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FlowProgram } from '../../lib/contracts/program';
import type { FlowGraph } from '../../workflows/dsl/graph';
import { organization, user } from './auth';

/** A drawing on the canvas: one editable draft, and immutable published versions. */
export const flow = pgTable(
  'flow',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('inbound_voice'),
    description: text('description').notNull().default(''),
    draft: jsonb('draft').$type<FlowGraph>().notNull(),
    /** Bumped on every draft save; a save carrying an older revision is refused (conflict). */
    draftRevision: integer('draft_revision').notNull().default(0),
    draftUpdatedAt: timestamp('draft_updated_at', { withTimezone: true }).notNull().defaultNow(),
    draftUpdatedBy: text('draft_updated_by').references(() => user.id, { onDelete: 'set null' }),
    latestVersion: integer('latest_version').notNull().default(0),
    /** The draft revision the latest version was published from: equal to draftRevision = nothing to publish. */
    publishedRevision: integer('published_revision'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
  },
  (t) => [index('flow_org_idx').on(t.organizationId)],
);
export type Flow = typeof flow.$inferSelect;

export const flowVersion = pgTable(
  'flow_version',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    flowId: uuid('flow_id')
      .notNull()
      .references(() => flow.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    graph: jsonb('graph').$type<FlowGraph>().notNull(),
    program: jsonb('program').$type<FlowProgram>().notNull(),
    hash: text('hash').notNull(),
    note: text('note').notNull().default(''),
    /** Set when this version republishes an older one (rollback). */
    rolledBackFrom: integer('rolled_back_from'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('flow_version_uq').on(t.flowId, t.version)],
);
export type FlowVersion = typeof flowVersion.$inferSelect;

/** What starts a flow: a phone number, a keyword, a campaign; to the latest version or a pinned one. */
export const flowBinding = pgTable(
  'flow_binding',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    flowId: uuid('flow_id')
      .notNull()
      .references(() => flow.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    /** E.164 number, "number:KEYWORD", or a campaign id. */
    address: text('address').notNull(),
    pinnedVersion: integer('pinned_version'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('flow_binding_address_uq').on(t.type, t.address)],
);
export type FlowBinding = typeof flowBinding.$inferSelect;

/** One run of a flow version for one contact (a runFlow workflow). */
export const execution = pgTable(
  'execution',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    flowId: uuid('flow_id').references(() => flow.id, { onDelete: 'set null' }),
    versionId: text('version_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    channel: text('channel').notNull(),
    status: text('status').notNull().default('running'),
    outcome: text('outcome'),
    error: text('error'),
    contactRef: text('contact_ref'),
    citizenId: uuid('citizen_id'),
    test: boolean('test').notNull().default(false),
    variables: jsonb('variables').$type<Record<string, unknown>>(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('execution_org_started_idx').on(t.organizationId, t.startedAt),
    index('execution_flow_idx').on(t.flowId, t.startedAt),
  ],
);
export type Execution = typeof execution.$inferSelect;

/** One record per step an execution took: the canvas overlay and reports read these. */
export const executionTrace = pgTable(
  'execution_trace',
  {
    executionId: text('execution_id')
      .notNull()
      .references(() => execution.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    organizationId: text('organization_id').notNull(),
    stepId: text('step_id').notNull(),
    kind: text('kind').notNull(),
    port: text('port'),
    changed: jsonb('changed').$type<Record<string, unknown>>().notNull().default({}),
    error: text('error'),
    /** What the step did beyond variables: an HTTP node's request as sent, secrets masked. */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('execution_trace_pk').on(t.executionId, t.seq),
    index('execution_trace_org_at_idx').on(t.organizationId, t.at),
  ],
);

/**
 * Every message or call a flow sends, through any adapter. The idempotency key (execution + step +
 * visit) is unique, so a retried activity never sends twice. The simulator's outbox is this table.
 */
export const outboundMessage = pgTable(
  'outbound_message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    executionId: text('execution_id'),
    stepId: text('step_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    channel: text('channel').notNull(),
    adapter: text('adapter').notNull(),
    to: text('to').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    html: text('html'),
    status: text('status').notNull().default('queued'),
    providerId: text('provider_id'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('outbound_message_idem_uq').on(t.idempotencyKey),
    index('outbound_message_org_idx').on(t.organizationId, t.createdAt),
    // Status and recording callbacks find their row by the provider's id (MessageSid, CallSid).
    index('outbound_message_provider_idx').on(t.providerId),
  ],
);
export type OutboundMessage = typeof outboundMessage.$inferSelect;

/** Per-organismo API keys for the public REST trigger; only a hash is stored. */
export const apiKey = pgTable(
  'api_key',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    hash: text('hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_key_hash_uq').on(t.hash)],
);

/**
 * A public API request's Idempotency-Key and the answer its first request got, kept 24 h
 * (server/services/api-keys/idempotency.ts). The unique key is what stops a concurrent duplicate.
 */
export const apiIdempotencyKey = pgTable(
  'api_idempotency_key',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKey.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the flow id and the raw body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** Null while the first request runs. */
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('api_idempotency_key_uq').on(t.organizationId, t.apiKeyId, t.key),
    index('api_idempotency_key_created_idx').on(t.apiKeyId, t.createdAt),
  ],
);

export type ApiIdempotencyKey = typeof apiIdempotencyKey.$inferSelect;

/** Organismo settings the engine reads: hosts HTTP request nodes may call, the default voice. */
export const organizationSettings = pgTable('organization_settings', {
  organizationId: text('organization_id')
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  allowedHosts: text('allowed_hosts').array().notNull().default(sql`'{}'::text[]`),
  defaultVoice: text('default_voice').notNull().default('Polly.Mia-Neural'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An execution waiting for the next message from an address (wait for reply, survey by message).
 * The inbound-message webhook signals the latest waiter for (organismo, address) instead of
 * starting a new flow.
 */
export const replyWait = pgTable(
  'reply_wait',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    executionId: text('execution_id').notNull(),
    workflowId: text('workflow_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reply_wait_uq').on(t.organizationId, t.address)],
);

export const INBOUND_MESSAGE_STATES = ['pending', 'delivering', 'delivered'] as const;
export type InboundMessageState = (typeof INBOUND_MESSAGE_STATES)[number];

/**
 * The inbox: every SMS or WhatsApp message to one of the organismo's numbers, stored before it is
 * delivered (opt-out words, the reply to a waiting flow, or the start of one) so an outage of
 * Temporal loses none. One row per MessageSid: a webhook Twilio retries or replays is stored once.
 * `delivering` is a lease (until `lease_until`) held by one delivery attempt.
 */
export const inboundMessage = pgTable(
  'inbound_message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    messageSid: text('message_sid').notNull(),
    fromAddress: text('from_address').notNull(),
    toAddress: text('to_address').notNull(),
    body: text('body').notNull(),
    state: text('state').$type<InboundMessageState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** What delivery did: opted_out, opted_in, replied, started, unbound. */
    outcome: text('outcome'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbound_message_sid_uq').on(t.messageSid),
    index('inbound_message_org_idx').on(t.organizationId, t.receivedAt),
    // The delivery runner's queue: only what is still to deliver.
    index('inbound_message_due_idx').on(t.nextAttemptAt).where(sql`${t.state} <> 'delivered'`),
  ],
);
export type InboundMessageRow = typeof inboundMessage.$inferSelect;
