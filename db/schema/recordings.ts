import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organization } from './auth';
import { citizen } from './contact-center';
import { execution } from './flows';

/**
 * A recording a flow made during a call (Record voicemail, any <Record>): from Twilio's
 * RecordingStatusCallback, or from the test phone, which records no audio ('simulator').
 * The audio stays at Twilio; the app streams it through an authenticated route with the
 * owning account's credentials, so only the SIDs and the media URL are kept here.
 */
export const callRecording = pgTable(
  'call_recording',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    executionId: text('execution_id')
      .notNull()
      .references(() => execution.id, { onDelete: 'cascade' }),
    /** The step that recorded (record_voicemail node), when known. */
    stepId: text('step_id'),
    citizenId: uuid('citizen_id').references(() => citizen.id, { onDelete: 'set null' }),
    /** 'twilio' or 'simulator' (no audio). */
    source: text('source').notNull(),
    /** RecordingSid (RE…); the simulator's own id. Unique: a repeated callback is stored once. */
    recordingSid: text('recording_sid').notNull(),
    callSid: text('call_sid'),
    /** The Twilio account that owns the recording (its credentials fetch the audio). */
    accountSid: text('account_sid'),
    /** Our number on the call: its owner's account signed the callback and can fetch the audio. */
    ownNumber: text('own_number'),
    /** Twilio's RecordingUrl (needs the account's credentials); null for simulated recordings. */
    mediaUrl: text('media_url'),
    durationSeconds: integer('duration_seconds').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('call_recording_sid_uq').on(t.recordingSid),
    index('call_recording_execution_idx').on(t.organizationId, t.executionId),
    index('call_recording_citizen_idx').on(t.organizationId, t.citizenId, t.createdAt),
  ],
);
export type CallRecording = typeof callRecording.$inferSelect;
