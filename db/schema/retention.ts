import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { organization, user } from './auth';

/**
 * How long an organismo keeps personal data, in days per kind (null: kept until deleted by hand).
 * The scheduled purge (workflows/retention-purge.ts) reads it; an organismo without a row keeps
 * the defaults of server/services/retention/policy.ts, which are these column defaults.
 */
export const retentionPolicy = pgTable('retention_policy', {
  organizationId: text('organization_id')
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  /** Call recordings: deleted at the provider (Twilio) and here. */
  recordingsDays: integer('recordings_days').default(365),
  /** What a flow kept of the conversation: execution variables and the per-step trace values. */
  transcriptsDays: integer('transcripts_days').default(365),
  /** Subject, text and HTML of messages sent (the outbox row itself stays, for the counts). */
  messageBodiesDays: integer('message_bodies_days').default(180),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
});
export type RetentionPolicyRow = typeof retentionPolicy.$inferSelect;
