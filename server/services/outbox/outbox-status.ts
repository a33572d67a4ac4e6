import { type SQL, sql } from 'drizzle-orm';

/**
 * The one order of an outbox row's statuses. A message (SMS, WhatsApp, email) and a call climb
 * their own ladder; a row only moves to a higher rung, and the top rungs are ends it never leaves
 * (the one documented exception: a delivered message may still be read, WhatsApp's last callback).
 * `unknown` sits just above `queued`: the send may have reached the provider (a timeout, a dropped
 * connection), so it is never sent again, and the provider's later callbacks still settle it.
 */
export const MESSAGE_STATUS_ORDER: Readonly<Record<string, number>> = {
  accepted: 1,
  scheduled: 1,
  queued: 1,
  unknown: 2,
  sending: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
};

/** A call's progress (Twilio's statuses) and then the outcome its execution took. */
export const CALL_STATUS_ORDER: Readonly<Record<string, number>> = {
  queued: 1,
  unknown: 2,
  initiated: 3,
  ringing: 4,
  'in-progress': 5,
  answered: 6,
  machine: 6,
  no_answer: 6,
  busy: 6,
  failed: 6,
};

const MESSAGE_END = 5;
const CALL_END = 6;
/** Ends that may still move: delivered → read. */
const AFTER_END: Readonly<Record<string, readonly string[]>> = { delivered: ['read'] };

/** Status of a row whose adapter threw before the provider had it: a retry claims it again. */
export const SEND_ERROR = 'error';
/** The send outcome is not known (it may have reached the provider): never sent again. */
export const SEND_UNKNOWN = 'unknown';
/** Refused before any provider was asked (destination country, caller id): the row says why. */
export const SEND_REFUSED = 'refused';
export const SKIPPED_OPT_OUT = 'skipped_opt_out';

/**
 * Ends of an attempt that no callback moves. They are written only over `queued` (the claimed row
 * before the adapter answered); `error` alone is claimed again, by claimOutboxRow, for a retry.
 */
const ATTEMPT_ENDS = new Set([SEND_ERROR, SKIPPED_OPT_OUT, SEND_REFUSED]);

type Ladder = 'message' | 'call';

function ladderOf(kind: Ladder): Readonly<Record<string, number>> {
  return kind === 'call' ? CALL_STATUS_ORDER : MESSAGE_STATUS_ORDER;
}

/** Whether a row of this kind may move from one status to another. */
export function statusMayMove(kind: Ladder, from: string, to: string): boolean {
  if (ATTEMPT_ENDS.has(to)) return from === 'queued';
  const ladder = ladderOf(kind);
  const rankFrom = ladder[from];
  const rankTo = ladder[to];
  if (rankFrom === undefined || rankTo === undefined) return false;
  if (AFTER_END[from]?.includes(to)) return true;
  const end = kind === 'call' ? CALL_END : MESSAGE_END;
  return rankFrom < end && rankTo > rankFrom;
}

/** The statuses a row of this kind may move to `to` from. */
export function statusesBefore(kind: Ladder, to: string): string[] {
  const candidates = new Set([...Object.keys(ladderOf(kind)), ...ATTEMPT_ENDS]);
  return [...candidates].filter((from) => statusMayMove(kind, from, to));
}

/**
 * The SQL condition "this row may move to `to`", for statements that alias outbound_message as
 * `om`. Every update of a row's status puts it in its WHERE (or its CASE), so concurrent and late
 * updates (a send's result, a status callback, a retry) can never move a row backwards.
 */
export function mayBecome(to: string): SQL {
  const among = (from: string[]) => (from.length === 0 ? sql`false` : sql`om.status in ${from}`);
  return sql`(case when om.channel = 'voice' then ${among(statusesBefore('call', to))} else ${among(
    statusesBefore('message', to),
  )} end)`;
}
