import { AppError } from '@/server/errors';
import { normalizePhone } from '@/server/services/citizens/contact-address';
import type { CallOutcome, PlaceCallInput, PlaceCallResult } from '@/workflows/activities/engine-types';
import { adapterName, type CallReceipt } from './channel-adapter';
import { claimOutboxRow, SEND_ERROR, settleOutboxRow } from './outbox-row';
import { errorMessage, type OutboundDeps } from './send-message';
import { createSimulatorAdapter } from './simulator';

const OUTCOMES: readonly CallOutcome[] = ['answered', 'machine', 'no_answer', 'busy', 'failed'];

/**
 * Places one outbound call at most once per idempotency key (the outbox row, channel 'voice',
 * carries the outcome as its status). A repeat returns the first call's outcome; a call whose first
 * attempt died before its outcome was recorded reports 'failed' rather than ringing the citizen twice.
 */
export async function placeCall(deps: OutboundDeps, input: PlaceCallInput): Promise<PlaceCallResult> {
  const { db } = deps;
  const adapter = input.test ? createSimulatorAdapter(db) : deps.channels;
  const to = normalizePhone(input.to);
  if (!to) throw new AppError('INVALID_INPUT', `"${input.to}" is not a phone number`);

  const claim = await claimOutboxRow(db, {
    organizationId: input.organizationId,
    executionId: input.executionId,
    stepId: input.stepId,
    idempotencyKey: input.idempotencyKey,
    channel: 'voice',
    adapter: adapterName(adapter, 'voice'),
    to,
    body: '',
    status: 'queued',
  });
  if (!claim.fresh) {
    const outcome = OUTCOMES.find((o) => o === claim.row.status) ?? 'failed';
    return { callId: claim.row.providerId ?? claim.row.id, outcome };
  }

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
  await settleOutboxRow(db, claim.id, { status: receipt.outcome, providerId: receipt.providerId });
  return { callId: receipt.providerId, outcome: receipt.outcome };
}
