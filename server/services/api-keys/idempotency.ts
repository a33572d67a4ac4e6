import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';

/** How long a key's first answer is kept and replayed. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** A first request still unanswered after this long is taken as lost (its process died) and may be retried. */
const ABANDONED_AFTER_SECONDS = 60;

/** The Idempotency-Key header's form: 1–255 printable ASCII characters. */
export function isIdempotencyKey(value: string): boolean {
  return /^[\x20-\x7e]{1,255}$/.test(value);
}

/** What identifies "the same request" for a key: the flow it names and the exact bytes of its body. */
export function idempotencyRequestHash(parts: { flowId: string; body: string }): string {
  return createHash('sha256').update(parts.flowId).update('\n').update(parts.body).digest('hex');
}

export type IdempotencyScope = { organizationId: string; apiKeyId: string; key: string };

export type IdempotencyClaim =
  /** This request is the key's first (or the first one's was lost): run it, then `completeIdempotencyKey`. */
  | { kind: 'claimed'; id: string }
  /** The key's first request was answered: send this again. */
  | { kind: 'replay'; status: number; body: unknown }
  /** The key was used with another request. */
  | { kind: 'mismatch' }
  /** The key's first request is still running. */
  | { kind: 'in_progress' };

const t = schema.apiIdempotencyKey;

/**
 * Claims an Idempotency-Key for a request, or says what its earlier use decides. The claim is an
 * insert against the unique (organismo, API key, key) index, so of two concurrent duplicates
 * exactly one runs; the other waits for its answer (in_progress) and later replays it.
 */
export async function claimIdempotencyKey(
  db: Database,
  scope: IdempotencyScope,
  requestHash: string,
): Promise<IdempotencyClaim> {
  const where = and(
    eq(t.organizationId, scope.organizationId),
    eq(t.apiKeyId, scope.apiKeyId),
    eq(t.key, scope.key),
  );
  // Past 24 h a key is forgotten: this API key's expired records go (this one's included).
  await db
    .delete(t)
    .where(
      and(
        eq(t.apiKeyId, scope.apiKeyId),
        lt(t.createdAt, sql`now() - ${IDEMPOTENCY_TTL_HOURS} * interval '1 hour'`),
      ),
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    const [inserted] = await db
      .insert(t)
      .values({ ...scope, requestHash })
      .onConflictDoNothing()
      .returning({ id: t.id });
    if (inserted) return { kind: 'claimed', id: inserted.id };
    const existing = await db.query.apiIdempotencyKey.findFirst({ where });
    // Released (its first request failed) between the insert and the read: claim it again.
    if (!existing) continue;
    if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
    if (existing.responseStatus !== null) {
      return { kind: 'replay', status: existing.responseStatus, body: existing.responseBody };
    }
    // A first request that never answered is taken over; the execution id it used is kept, so a
    // start that did reach Temporal is found again instead of run twice.
    const [takenOver] = await db
      .update(t)
      .set({ createdAt: sql`now()` })
      .where(
        and(
          eq(t.id, existing.id),
          isNull(t.responseStatus),
          lt(t.createdAt, sql`now() - ${ABANDONED_AFTER_SECONDS} * interval '1 second'`),
        ),
      )
      .returning({ id: t.id });
    return takenOver ? { kind: 'claimed', id: takenOver.id } : { kind: 'in_progress' };
  }
  return { kind: 'in_progress' };
}

/** Records the answer a claimed key's request got, for its retries. */
export async function completeIdempotencyKey(
  db: Database,
  id: string,
  answer: { status: number; body: unknown },
): Promise<void> {
  await db
    .update(t)
    .set({ responseStatus: answer.status, responseBody: answer.body })
    .where(and(eq(t.id, id), isNull(t.responseStatus)));
}

/**
 * Lets a retry run a claimed key's request again at once, after it failed unexpectedly. The record
 * (and so the execution id) stays: if the start did reach Temporal, the retry finds it, not a second.
 */
export async function releaseIdempotencyKey(db: Database, id: string): Promise<void> {
  await db
    .update(t)
    .set({ createdAt: sql`now() - ${ABANDONED_AFTER_SECONDS + 1} * interval '1 second'` })
    .where(and(eq(t.id, id), isNull(t.responseStatus)));
}
