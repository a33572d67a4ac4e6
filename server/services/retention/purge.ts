import { and, asc, eq, gt, inArray, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { CallRecording } from '@/db/schema';
import { logger } from '@/server/logger';
import { recordAudit } from '@/server/services/audit/record-audit';
import type { RecordingDeleter } from '@/server/services/recordings/delete-at-provider';
import { getRetentionPolicy, type RetentionPolicy } from './policy';

export type PurgeCounts = {
  /** Recording rows deleted (their audio deleted at the provider first, when they had any). */
  recordings: number;
  /** Of those, how many had audio the provider deleted now (the rest: simulated, or already gone). */
  recordingsAtProvider: number;
  /** Recordings the provider could not delete: kept, tried again next run. */
  recordingsFailed: number;
  /** Executions whose variables were blanked. */
  transcripts: number;
  /** Trace records whose values were blanked. */
  traceRecords: number;
  /** Outbox rows whose subject, text and HTML were blanked (the rows stay, for the counts). */
  messageBodies: number;
  /** Inbox rows (messages citizens sent) whose text was blanked, once delivered. */
  inboundBodies: number;
};

export const EMPTY_COUNTS: PurgeCounts = {
  recordings: 0,
  recordingsAtProvider: 0,
  recordingsFailed: 0,
  transcripts: 0,
  traceRecords: 0,
  messageBodies: 0,
  inboundBodies: 0,
};

const COUNT_KEYS = Object.keys(EMPTY_COUNTS).filter((k): k is keyof PurgeCounts => k in EMPTY_COUNTS);

export const PURGE_AUDIT_ACTION = 'retention.purged';
const DAY_MS = 86_400_000;

type PurgeDeps = { db: Database; deleteRecording: RecordingDeleter };

type PurgeArgs = {
  organizationId: string;
  /** Identifies the run (the workflow's id): one audit row per organismo per run. */
  runId: string;
  /** The run's clock: data older than now − days is purged. */
  now: Date;
  batchSize?: number;
  /** Counts an earlier attempt of the same run already got to (the activity's last heartbeat). */
  resumeFrom?: PurgeCounts;
  /** Called after every batch with the running totals (the activity heartbeats them). */
  onBatch?: (counts: PurgeCounts) => void;
};

/**
 * Purges one organismo's personal data older than its retention policy, in batches: recordings
 * (audio at the provider, then our row), transcripts (execution variables and trace values of
 * executions that ended before the cutoff) and message bodies (the outbox row stays, blanked).
 * Idempotent: what is purged no longer matches, and a run that already wrote its audit row
 * returns that row's counts without touching anything. Ends with one audit row with the counts.
 */
export async function purgeOrganization(deps: PurgeDeps, args: PurgeArgs): Promise<PurgeCounts> {
  const { db } = deps;
  const done = await db.query.auditLog.findFirst({
    where: and(
      eq(schema.auditLog.organizationId, args.organizationId),
      eq(schema.auditLog.action, PURGE_AUDIT_ACTION),
      eq(schema.auditLog.targetId, args.runId),
    ),
  });
  if (done) return countsOf(done.data.counts);
  const policy = await getRetentionPolicy(db, args.organizationId);
  const counts: PurgeCounts = { ...EMPTY_COUNTS, ...args.resumeFrom };
  const batch = args.batchSize ?? 200;
  const step = (update: Partial<PurgeCounts>) => {
    for (const key of COUNT_KEYS) counts[key] += update[key] ?? 0;
    args.onBatch?.({ ...counts });
  };
  const cutoff = (days: number | null) =>
    days === null ? null : new Date(args.now.getTime() - days * DAY_MS);
  const cutoffs = {
    recordings: cutoff(policy.recordings),
    transcripts: cutoff(policy.transcripts),
    messageBodies: cutoff(policy.messageBodies),
  };
  if (cutoffs.recordings) await purgeRecordings(deps, args.organizationId, cutoffs.recordings, batch, step);
  if (cutoffs.transcripts) await purgeTranscripts(db, args.organizationId, cutoffs.transcripts, batch, step);
  if (cutoffs.messageBodies) {
    await purgeMessageBodies(db, args.organizationId, cutoffs.messageBodies, batch, step);
    await purgeInboundBodies(db, args.organizationId, cutoffs.messageBodies, batch, step);
  }
  await recordAudit(db, {
    organizationId: args.organizationId,
    actorUserId: null,
    action: PURGE_AUDIT_ACTION,
    targetType: 'retention_run',
    targetId: args.runId,
    data: { counts, policy: policy satisfies RetentionPolicy, now: args.now.toISOString() },
  });
  return counts;
}

type Step = (update: Partial<PurgeCounts>) => void;

/** Runs one batch after another until a batch touches fewer rows than a full one. */
async function inBatches(batch: number, pass: () => Promise<number>): Promise<void> {
  while ((await pass()) >= batch) {}
}

async function purgeRecordings(
  deps: PurgeDeps,
  organizationId: string,
  before: Date,
  batch: number,
  step: Step,
): Promise<void> {
  const { db } = deps;
  // Keyset over (created_at, id): a recording the provider refuses stays behind the cursor.
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows: CallRecording[] = await db
      .select()
      .from(schema.callRecording)
      .where(
        and(
          eq(schema.callRecording.organizationId, organizationId),
          lt(schema.callRecording.createdAt, before),
          after
            ? or(
                gt(schema.callRecording.createdAt, after.createdAt),
                and(
                  eq(schema.callRecording.createdAt, after.createdAt),
                  gt(schema.callRecording.id, after.id),
                ),
              )
            : undefined,
        ),
      )
      .orderBy(asc(schema.callRecording.createdAt), asc(schema.callRecording.id))
      .limit(batch);
    const update = { recordings: 0, recordingsAtProvider: 0, recordingsFailed: 0 };
    for (const row of rows) {
      try {
        const result = await deps.deleteRecording(row);
        await db
          .delete(schema.callRecording)
          .where(
            and(eq(schema.callRecording.id, row.id), eq(schema.callRecording.organizationId, organizationId)),
          );
        update.recordings += 1;
        if (result === 'deleted') update.recordingsAtProvider += 1;
      } catch (err) {
        logger.warn({ err, recordingId: row.id, organizationId }, 'retention: recording not deleted');
        update.recordingsFailed += 1;
      }
    }
    step(update);
    const last: CallRecording | undefined = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

async function purgeTranscripts(
  db: Database,
  organizationId: string,
  before: Date,
  batch: number,
  step: Step,
): Promise<void> {
  const ended = and(
    eq(schema.execution.organizationId, organizationId),
    isNotNull(schema.execution.endedAt),
    lt(schema.execution.endedAt, before),
  );
  await inBatches(batch, async () => {
    const page = db
      .select({ id: schema.execution.id })
      .from(schema.execution)
      .where(and(ended, isNotNull(schema.execution.variables)))
      .limit(batch);
    const rows = await db
      .update(schema.execution)
      .set({ variables: null })
      .where(and(eq(schema.execution.organizationId, organizationId), inArray(schema.execution.id, page)))
      .returning({ id: schema.execution.id });
    step({ transcripts: rows.length });
    return rows.length;
  });
  const endedIds = db.select({ id: schema.execution.id }).from(schema.execution).where(ended);
  await inBatches(batch, async () => {
    const page = db
      .select({ executionId: schema.executionTrace.executionId, seq: schema.executionTrace.seq })
      .from(schema.executionTrace)
      .where(
        and(
          eq(schema.executionTrace.organizationId, organizationId),
          ne(schema.executionTrace.changed, sql`'{}'::jsonb`),
          inArray(schema.executionTrace.executionId, endedIds),
        ),
      )
      .limit(batch);
    const rows = await db
      .update(schema.executionTrace)
      .set({ changed: {} })
      .where(
        and(
          eq(schema.executionTrace.organizationId, organizationId),
          sql`(${schema.executionTrace.executionId}, ${schema.executionTrace.seq}) in (${page})`,
        ),
      )
      .returning({ seq: schema.executionTrace.seq });
    step({ traceRecords: rows.length });
    return rows.length;
  });
}

async function purgeMessageBodies(
  db: Database,
  organizationId: string,
  before: Date,
  batch: number,
  step: Step,
): Promise<void> {
  await inBatches(batch, async () => {
    const page = db
      .select({ id: schema.outboundMessage.id })
      .from(schema.outboundMessage)
      .where(
        and(
          eq(schema.outboundMessage.organizationId, organizationId),
          lt(schema.outboundMessage.createdAt, before),
          or(
            ne(schema.outboundMessage.body, ''),
            isNotNull(schema.outboundMessage.subject),
            isNotNull(schema.outboundMessage.html),
          ),
        ),
      )
      .limit(batch);
    const rows = await db
      .update(schema.outboundMessage)
      .set({ body: '', subject: null, html: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(schema.outboundMessage.organizationId, organizationId),
          inArray(schema.outboundMessage.id, page),
        ),
      )
      .returning({ id: schema.outboundMessage.id });
    step({ messageBodies: rows.length });
    return rows.length;
  });
}

/** What citizens wrote, kept as long as the texts the organismo sent; a message not delivered yet stays whole. */
async function purgeInboundBodies(
  db: Database,
  organizationId: string,
  before: Date,
  batch: number,
  step: Step,
): Promise<void> {
  await inBatches(batch, async () => {
    const page = db
      .select({ id: schema.inboundMessage.id })
      .from(schema.inboundMessage)
      .where(
        and(
          eq(schema.inboundMessage.organizationId, organizationId),
          eq(schema.inboundMessage.state, 'delivered'),
          lt(schema.inboundMessage.receivedAt, before),
          ne(schema.inboundMessage.body, ''),
        ),
      )
      .limit(batch);
    const rows = await db
      .update(schema.inboundMessage)
      .set({ body: '' })
      .where(
        and(
          eq(schema.inboundMessage.organizationId, organizationId),
          inArray(schema.inboundMessage.id, page),
        ),
      )
      .returning({ id: schema.inboundMessage.id });
    step({ inboundBodies: rows.length });
    return rows.length;
  });
}

/** The counts an audit row recorded (a number per known key; anything else reads as 0). */
export function countsOf(value: unknown): PurgeCounts {
  const counts = { ...EMPTY_COUNTS };
  if (typeof value !== 'object' || value === null) return counts;
  for (const key of COUNT_KEYS) {
    const n: unknown = Reflect.get(value, key);
    if (typeof n === 'number' && Number.isFinite(n)) counts[key] = n;
  }
  return counts;
}

/** Organismos the scheduled purge visits: all of them (one without a policy row has the defaults). */
export async function organizationsToPurge(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: schema.organization.id })
    .from(schema.organization)
    .orderBy(asc(schema.organization.id));
  return rows.map((r) => r.id);
}
