import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  ScenarioExpectations,
  ScenarioMocks,
  ScenarioResult,
  ScenarioStart,
  ScenarioStep,
} from '../../lib/test-scenarios/types';
import { organization, user } from './auth';
import { flow } from './flows';

/**
 * A test-phone session saved as a regression test: how it started, what the designer did, what it
 * pretended (clock, business hours, queues, HTTP) and what happened. Runs against the current draft.
 */
export const flowTestScenario = pgTable(
  'flow_test_scenario',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    flowId: uuid('flow_id')
      .notNull()
      .references(() => flow.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    start: jsonb('start').$type<ScenarioStart>().notNull().default({}),
    mocks: jsonb('mocks').$type<ScenarioMocks>().notNull(),
    steps: jsonb('steps').$type<ScenarioStep[]>().notNull().default([]),
    expectations: jsonb('expectations').$type<ScenarioExpectations>().notNull(),
    lastResult: jsonb('last_result').$type<ScenarioResult>(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('flow_test_scenario_org_flow_idx').on(t.organizationId, t.flowId),
    uniqueIndex('flow_test_scenario_flow_name_uq').on(t.flowId, t.name),
  ],
);
export type FlowTestScenario = typeof flowTestScenario.$inferSelect;
