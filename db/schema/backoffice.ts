import {
  boolean,
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
import { citizen, queue } from './contact-center';

/** An organismo's back-office area that works tickets (e.g. "Vacunatorio central"). */
export const area = pgTable(
  'area',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('area_org_name_uq').on(t.organizationId, t.name)],
);
export type Area = typeof area.$inferSelect;

export type WeeklyWindow = { day: number; start: string; end: string };

/** Business hours: weekly windows (split shifts allowed) and the organismo's own holidays. */
export const schedule = pgTable('schedule', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: text('organization_id')
    .notNull()
    .references(() => organization.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('America/Argentina/Cordoba'),
  /** day: 0 = Sunday … 6 = Saturday; start/end "HH:MM" local time. */
  windows: jsonb('windows').$type<WeeklyWindow[]>().notNull().default([]),
  /** Use Argentina's national holidays (date-holidays) besides the organismo's own list. */
  nationalHolidays: text('national_holidays').notNull().default('AR'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
export type Schedule = typeof schedule.$inferSelect;

/** Provincial or local holidays date-holidays lacks (e.g. Santa Fe's), per organismo. */
export const holiday = pgTable(
  'holiday',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('holiday_org_date_uq').on(t.organizationId, t.date)],
);

export const ticket = pgTable(
  'ticket',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    areaId: uuid('area_id')
      .notNull()
      .references(() => area.id, { onDelete: 'restrict' }),
    /** Short and per organismo (1, 2, … 1042): what the caller hears and the back-office quotes. */
    number: integer('number').notNull(),
    idempotencyKey: text('idempotency_key'),
    executionId: text('execution_id'),
    citizenId: uuid('citizen_id').references(() => citizen.id, { onDelete: 'set null' }),
    category: text('category').notNull(),
    priority: text('priority').notNull().default('normal'),
    subject: text('subject').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').notNull().default('open'),
    slaHours: integer('sla_hours').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    resolution: text('resolution'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Created by a test run (editor test phone, scenario): never shown to the back-office. */
    test: boolean('test').notNull().default(false),
  },
  (t) => [
    uniqueIndex('ticket_idem_uq').on(t.idempotencyKey),
    uniqueIndex('ticket_org_number_uq').on(t.organizationId, t.number),
    index('ticket_org_status_idx').on(t.organizationId, t.status),
  ],
);
export type Ticket = typeof ticket.$inferSelect;

/** The last ticket number an organismo gave; the row is locked while a ticket takes the next one. */
export const ticketCounter = pgTable('ticket_counter', {
  organizationId: text('organization_id')
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  lastNumber: integer('last_number').notNull(),
});

/** One unit of agent work in a queue (callback, preview call, review, live call, message). */
export const workItem = pgTable(
  'work_item',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    queueId: uuid('queue_id')
      .notNull()
      .references(() => queue.id, { onDelete: 'restrict' }),
    idempotencyKey: text('idempotency_key'),
    executionId: text('execution_id'),
    workflowId: text('workflow_id'),
    citizenId: uuid('citizen_id').references(() => citizen.id, { onDelete: 'set null' }),
    type: text('type').notNull(),
    priority: integer('priority').notNull().default(5),
    skills: text('skills').array().notNull().default([]),
    fields: jsonb('fields').$type<{ label: string; value: string }[]>().notNull().default([]),
    dispositions: text('dispositions').array().notNull().default([]),
    status: text('status').notNull().default('waiting'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    assignedAgentId: uuid('assigned_agent_id'),
    disposition: text('disposition'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Created by a test run (editor test phone, scenario): never offered to agents. */
    test: boolean('test').notNull().default(false),
  },
  (t) => [
    uniqueIndex('work_item_idem_uq').on(t.idempotencyKey),
    index('work_item_queue_status_idx').on(t.queueId, t.status, t.priority),
  ],
);
export type WorkItem = typeof workItem.$inferSelect;

export const surveyResponse = pgTable(
  'survey_response',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    executionId: text('execution_id').notNull(),
    stepId: text('step_id').notNull(),
    scale: text('scale').notNull(),
    score: integer('score').notNull(),
    citizenId: uuid('citizen_id').references(() => citizen.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('survey_response_uq').on(t.executionId, t.stepId)],
);
