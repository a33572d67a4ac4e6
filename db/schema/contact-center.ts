import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organization, user } from './auth';

/** Where work waits for an agent (ACD). Later issues add routing settings. */
export const queue = pgTable(
  'queue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('queue_org_name_uq').on(t.organizationId, t.name)],
);
export type Queue = typeof queue.$inferSelect;

/** An agent position: a member with the agent role, their skills and current state. */
export const agent = pgTable(
  'agent',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    state: text('state').notNull().default('offline'),
    stateSince: timestamp('state_since', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agent_org_user_uq').on(t.organizationId, t.userId)],
);
export type Agent = typeof agent.$inferSelect;

export const queueAgent = pgTable(
  'queue_agent',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    queueId: uuid('queue_id')
      .notNull()
      .references(() => queue.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agent.id, { onDelete: 'cascade' }),
    priority: integer('priority').notNull().default(1),
  },
  (t) => [uniqueIndex('queue_agent_uq').on(t.queueId, t.agentId)],
);

/**
 * The provincial citizen base, shared by organismos (ARCHITECTURE.md, "Tenancy"): it carries no
 * organization_id. What an organismo learns about a citizen (consents, interactions) is tenant-owned.
 */
export const citizen = pgTable(
  'citizen',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dni: text('dni'),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
    email: text('email'),
    locality: text('locality'),
    birthDate: date('birth_date'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('citizen_dni_uq').on(t.dni),
    index('citizen_phones_idx').using('gin', t.phones),
    index('citizen_email_idx').on(t.email),
  ],
);
export type Citizen = typeof citizen.$inferSelect;

/** Per-organismo consent and opt-out ("baja") of a citizen, per channel. */
export const citizenConsent = pgTable(
  'citizen_consent',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    citizenId: uuid('citizen_id')
      .notNull()
      .references(() => citizen.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    status: text('status').notNull(),
    source: text('source').notNull().default('manual'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('citizen_consent_uq').on(t.organizationId, t.citizenId, t.channel)],
);
