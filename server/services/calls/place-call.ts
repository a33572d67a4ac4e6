import type { CallOutcome, PlaceCallInput, PlaceCallResult } from '@/lib/contracts/engine-activities';
import { adapterForOrganization, adapterName, type CallReceipt } from '@/server/channels/channel-adapter';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { AppError } from '@/server/errors';
import { normalizePhone } from '@/server/services/citizens/contact-address';
import { isOptedOut } from '@/server/services/citizens/opt-out';
import {
  claimOutboxRow,
  errorMessage,
  type OutboundDeps,
  SEND_ERROR,
  settleOutboxRow,
} from '@/server/services/outbox/outbox-row';
import { attachCallSid, isCallInProgress } from './call-progress';

const SKIPPED_OPT_OUT = 'skipped_opt_out';
const OUTCOMES: readonly CallOutcome[] = ['answered', 'machine', 'no_answer', 'busy', 'failed'];

/**
 * Places one outbound call at most once per idempotency key (the outbox row, channel 'voice',
 * carries the call's progress and then its outcome as its status: call-progress.ts). A repeat
 * returns the first call's outcome, or 'pending' while Twilio has not reported it; a call whose
 * first attempt died before the provider's id was recorded reports 'failed' rather than ringing
 * the citizen twice. A number that opted out of voice with this organismo is never rung: the row
 * records 'skipped_opt_out' (the same consent rule sendMessage applies) and the flow takes 'failed'.
 */
export async function placeCall(deps: OutboundDeps, input: PlaceCallInput): Promise<PlaceCallResult> {
  const { db } = deps;
  const adapter = input.test
    ? createSimulatorAdapter(db)
    : await adapterForOrganization(deps.channels, input.organizationId);
  const to = normalizePhone(input.to);
  if (!to) throw new AppError('INVALID_INPUT', `"${input.to}" is not a phone number`);
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
    status: optedOut ? SKIPPED_OPT_OUT : 'queued',
  });
  if (!claim.fresh) {
    const { status, providerId } = claim.row;
    const outcome = OUTCOMES.find((o) => o === status);
    if (outcome) return { callId: providerId ?? claim.row.id, outcome };
    if (providerId && isCallInProgress(status)) return { callId: providerId, outcome: 'pending' };
    return { callId: providerId ?? claim.row.id, outcome: 'failed' };
  }
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
    await settleOutboxRow(db, claim.id, { status: SEND_ERROR, error: errorMessage(err) });
    throw err;
  }
  // A pending call keeps the status its callbacks may already have moved it to.
  if (receipt.outcome === 'pending') await attachCallSid(db, claim.id, receipt.providerId);
  else await settleOutboxRow(db, claim.id, { status: receipt.outcome, providerId: receipt.providerId });
  return { callId: receipt.providerId, outcome: receipt.outcome };
}
