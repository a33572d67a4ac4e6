import type { SendMessageInput, SendMessageResult } from '@/lib/contracts/engine-activities';
import {
  adapterForOrganization,
  adapterName,
  isAmbiguousSendError,
  type SendReceipt,
} from '@/server/channels/channel-adapter';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { AppError } from '@/server/errors';
import { normalizeEmail, normalizePhone } from '@/server/services/citizens/contact-address';
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
  settleOutboxRow,
  settleUnknownIfUnsettled,
} from '@/server/services/outbox/outbox-row';
import { destinationRefusal } from '@/server/services/telephony/dial-policy';
import { setPhoneConsent } from './phone-consent';

/**
 * Sends one SMS, WhatsApp or email at most once per idempotency key, unless the recipient opted
 * out of that channel with this organismo. Test runs go to the simulator whatever the adapter.
 * A recipient the provider reports as opted out there (Twilio 21610) is recorded as opted out
 * with the organismo, so the next send is skipped before the provider is asked. A phone outside
 * CAUCE_DIAL_COUNTRIES is refused (the row says why). A send that may have reached the provider
 * (timeout, dropped connection) is `unknown` and fails the step; it is never sent again, not even
 * by a retry of the activity, and its status callback can still settle it.
 */
export async function sendMessage(deps: OutboundDeps, input: SendMessageInput): Promise<SendMessageResult> {
  const { db } = deps;
  const adapter = input.test
    ? createSimulatorAdapter(db)
    : await adapterForOrganization(deps.channels, input.organizationId);
  const to = recipient(input.channel, input.to);
  if (!input.body.trim()) throw new AppError('INVALID_INPUT', 'The message is empty');
  const reason = input.channel === 'email' ? null : destinationRefusal(to);
  const refusal: Refusal | null = reason ? { code: 'DESTINATION_NOT_ALLOWED', reason } : null;
  const optedOut = await isOptedOut(db, {
    organizationId: input.organizationId,
    channel: input.channel,
    address: to,
    kind: input.channel === 'email' ? 'email' : 'phone',
  });

  const claim = await claimOutboxRow(db, {
    organizationId: input.organizationId,
    executionId: input.executionId,
    stepId: input.stepId,
    idempotencyKey: input.idempotencyKey,
    channel: input.channel,
    adapter: adapterName(adapter, input.channel),
    to,
    subject: input.subject ?? null,
    body: input.body,
    html: input.html ?? null,
    status: refusal ? SEND_REFUSED : optedOut ? 'skipped_opt_out' : 'queued',
    error: refusal ? refusalError(refusal) : null,
  });
  if (!claim.fresh) {
    // Replaying a skipped, refused or unknown message takes the flow down the same branch as the first time.
    const status = await settleUnknownIfUnsettled(db, claim.row);
    const failure = replayFailure({ status, error: claim.row.error });
    if (failure) throw failure;
    return {
      status: status === 'skipped_opt_out' ? 'skipped_opt_out' : 'duplicate',
      messageId: claim.row.id,
    };
  }
  if (refusal) throw refusalFailure(refusal);
  if (optedOut) return { status: 'skipped_opt_out', messageId: claim.id };

  const ref = {
    organizationId: input.organizationId,
    idempotencyKey: input.idempotencyKey,
    outboxId: claim.id,
    executionId: input.executionId,
    stepId: input.stepId,
  };
  let receipt: SendReceipt;
  try {
    if (input.channel === 'email') {
      receipt = await adapter.sendEmail({
        ...ref,
        to,
        subject: input.subject ?? '',
        body: input.body,
        ...(input.html === undefined ? {} : { html: input.html }),
      });
    } else if (input.channel === 'whatsapp') {
      receipt = await adapter.sendWhatsApp({ ...ref, to, body: input.body });
    } else {
      receipt = await adapter.sendSms({ ...ref, to, body: input.body });
    }
    // Inside the try: if the opt-out cannot be recorded, the row is left for a retry, which asks again.
    if (receipt.status === 'skipped_opt_out' && input.channel !== 'email') {
      await setPhoneConsent(db, {
        organizationId: input.organizationId,
        phone: to,
        channel: input.channel,
        status: 'opted_out',
        source: receipt.optOutSource,
      });
    }
  } catch (err) {
    if (isAmbiguousSendError(err)) {
      await settleOutboxRow(db, claim.id, { status: SEND_UNKNOWN, error: errorMessage(err) });
      throw outcomeUnknown();
    }
    await settleOutboxRow(db, claim.id, { status: SEND_ERROR, error: errorMessage(err) });
    throw err;
  }
  await settleOutboxRow(db, claim.id, { status: receipt.status, providerId: receipt.providerId });
  // The provider's own opt-out list refused it: the flow takes the same branch as a known opt-out.
  if (receipt.status === 'skipped_opt_out') return { status: 'skipped_opt_out', messageId: claim.id };
  return { status: 'sent', messageId: claim.id };
}

function recipient(channel: SendMessageInput['channel'], value: string): string {
  if (channel === 'email') {
    const email = normalizeEmail(value);
    if (!email) throw new AppError('INVALID_INPUT', `"${value}" is not an email address`);
    return email;
  }
  const phone = normalizePhone(value);
  if (!phone) throw new AppError('INVALID_INPUT', `"${value}" is not a phone number`);
  return phone;
}
