import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organization, user } from './auth';

/**
 * A credential HTTP nodes refer to by name (`{{secret.NAME}}`), encrypted with server/secrets.ts
 * (AES-256-GCM, the organismo and the name as associated data). Only the name is ever shown.
 */
export const orgSecret = pgTable(
  'org_secret',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    ciphertext: text('ciphertext').notNull(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('org_secret_org_name_uq').on(t.organizationId, t.name)],
);
export type OrgSecret = typeof orgSecret.$inferSelect;
