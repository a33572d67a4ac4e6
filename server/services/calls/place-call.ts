import type { CallOutcome, PlaceCallInput, PlaceCallResult } from '@/lib/contracts/engine-activities';
import { toE164 } from '@/lib/phone-number';
import {
  adapterForOrganization,
  adapterName,
  type CallReceipt,
  isAmbiguousSendError,
} from '@/server/channels/channel-adapter';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { AppError } from '@/server/errors';
import { normalizePhone } from '@/server/services/citizens/contact-address';
import { isOptedOut } from '@/server/services/citizens/opt-out';
import {
  claimOutboxRow,
  errorMessage,
  type OutboundDeps,
  outcomeUnknown,
  type Refusal,
  refusalError,
  refusalFailure,
  replayFailure,
  SEND_ERROR,
  SEND_REFUSED,
  SEND_UNKNOWN,
  SKIPPED_OPT_OUT,
  settleOutboxRow,
  settleUnknownIfUnsettled,
} from '@/server/services/outbox/outbox-row';
import { callerIdRefusal, destinationRefusal } from '@/server/services/telephony/dial-policy';
import { attachCallSid, isCallInProgress } from './call-progress';

const OUTCOMES: readonly CallOutcome[] = ['answered', 'machine', 'no_answer', 'busy', 'failed'];

/**
 * Places one outbound call at most once per idempotency key (the outbox row, channel 'voice',
 * carries the call's progress and then its outcome as its status: call-progress.ts). A repeat
 * returns the first call's outcome, or 'pending' while Twilio has not reported it; a call whose
 * first attempt died before the provider's id was recorded reports 'failed' rather than ringing
 * the citizen twice. A number that opted out of voice with this organismo is never rung: the row
 * records 'skipped_opt_out' (the same consent rule sendMessage applies) and the flow takes 'failed'.
 * A number outside CAUCE_DIAL_COUNTRIES, or a caller id that is not one of the organismo's own
 * numbers, is refused before the provider is asked (the row is 'refused' and says why). A request
 * that may have reached the provider (timeout, dropped connection) leaves the row 'unknown' and is
 * never repeated, not even by a retry of the activity.
 */
export async function placeCall(deps: OutboundDeps, input: PlaceCallInput): Promise<PlaceCallResult> {
  const { db } = deps;
  const adapter = input.test
    ? createSimulatorAdapter(db)
    : await adapterForOrganization(deps.channels, input.organizationId);
  const to = normalizePhone(input.to);
  if (!to) throw new AppError('INVALID_INPUT', `"${input.to}" is not a phone number`);
  const refusal = await callRefusal(db, input.organizationId, to, input.from);
  const optedOut = await isOptedOut(db, {
    organizationId: input.organizationId,
    channel: 'voice',
    address: to,
    kind: 'phone',
  });

  const claim = await claimOutboxRow(db, {
    organizationId: input.organizationId,
    executionId: input.executionId,
    stepId: input.stepId,
    idempotencyKey: input.idempotencyKey,
    channel: 'voice',
    adapter: adapterName(adapter, 'voice'),
    to,
    body: '',
    status: refusal ? SEND_REFUSED : optedOut ? SKIPPED_OPT_OUT : 'queued',
    error: refusal ? refusalError(refusal) : null,
  });
  if (!claim.fresh) {
    const { providerId } = claim.row;
    const status = providerId ? claim.row.status : await settleUnknownIfUnsettled(db, claim.row);
    if (status === SEND_REFUSED) throw replayFailure(claim.row);
    // An unknown call (it may be ringing) reports 'failed' below: the citizen is never rung twice.
    const outcome = OUTCOMES.find((o) => o === status);
    if (outcome) return { callId: providerId ?? claim.row.id, outcome };
    if (providerId && isCallInProgress(status)) return { callId: providerId, outcome: 'pending' };
    return { callId: providerId ?? claim.row.id, outcome: 'failed' };
  }
  if (refusal) throw refusalFailure(refusal);
  if (optedOut) return { callId: claim.id, outcome: 'failed' };

  let receipt: CallReceipt;
  try {
    receipt = await adapter.placeCall({
      organizationId: input.organizationId,
      idempotencyKey: input.idempotencyKey,
      executionId: input.executionId,
      stepId: input.stepId,
      to,
      ...(input.from === undefined ? {} : { from: input.from }),
      machineDetection: input.machineDetection,
      timeoutSeconds: input.timeoutSeconds,
    });
  } catch (err) {
    if (isAmbiguousSendError(err)) {
      await settleOutboxRow(db, claim.id, { status: SEND_UNKNOWN, error: errorMessage(err) });
      throw outcomeUnknown();
    }
    await settleOutboxRow(db, claim.id, { status: SEND_ERROR, error: errorMessage(err) });
    throw err;
  }
  // A pending call keeps the status its callbacks may already have moved it to.
  if (receipt.outcome === 'pending') await attachCallSid(db, claim.id, receipt.providerId);
  else await settleOutboxRow(db, claim.id, { status: receipt.outcome, providerId: receipt.providerId });
  return { callId: receipt.providerId, outcome: receipt.outcome };
}

/** Why the call may not be placed: where it goes, or the caller id it would show. */
async function callRefusal(
  db: OutboundDeps['db'],
  organizationId: string,
  to: string,
  from: string | undefined,
): Promise<Refusal | null> {
  const destination = destinationRefusal(to);
  if (destination) return { code: 'DESTINATION_NOT_ALLOWED', reason: destination };
  if (from === undefined) return null;
  const callerId = toE164(from);
  const notOwned = callerId
    ? await callerIdRefusal(db, organizationId, callerId)
    : `"${from}" is not an E.164 caller id`;
  return notOwned ? { code: 'SENDER_NOT_OWNED', reason: notOwned } : null;
}
