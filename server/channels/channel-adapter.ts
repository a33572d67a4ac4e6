import 'server-only';
import type { CallOutcome } from '@/lib/contracts/engine-activities';

export type AdapterChannel = 'sms' | 'whatsapp' | 'email' | 'voice';

/** The name recorded on an outbox row: which adapter carried that channel. */
export function adapterName(adapter: ChannelAdapter, channel: AdapterChannel): string {
  return adapter.nameFor?.(channel) ?? adapter.name;
}

/** The adapter for one organismo's sends (itself when it is the same for every organismo). */
export function adapterForOrganization(
  adapter: ChannelAdapter,
  organizationId: string,
): Promise<ChannelAdapter> {
  return adapter.forOrganization ? adapter.forOrganization(organizationId) : Promise.resolve(adapter);
}

/** Who asked for the message: the outbox row an adapter records under (idempotency key is unique). */
export type OutboundRef = {
  organizationId: string;
  idempotencyKey: string;
  /** The claimed outbox row's id: the status callback names it (with the organismo), MAC'd. */
  outboxId?: string;
  executionId?: string | null;
  stepId?: string | null;
};

/** `to` is E.164 for phones and lowercase for email; the caller normalizes it. */
export type TextMessage = OutboundRef & { to: string; body: string; from?: string };
export type EmailMessage = OutboundRef & { to: string; subject: string; body: string; html?: string };
export type CallRequest = OutboundRef & {
  to: string;
  from?: string;
  machineDetection: boolean;
  timeoutSeconds: number;
};

/**
 * 'sent' = the provider accepted it (delivery is reported later); 'delivered' = known delivered;
 * 'skipped_opt_out' = the provider refused it because the recipient opted out there (Twilio 21610):
 * nothing was sent and a retry would be refused the same way. `optOutSource` names that refusal
 * ('twilio_21610'); the sender records the opt-out under it.
 */
export type SendReceipt =
  | { providerId: string | null; status: 'sent' | 'delivered' }
  | { providerId: null; status: 'skipped_opt_out'; optOutSource: string };
/** 'pending': the provider reports the outcome later (Twilio's webhooks); the execution waits for it. */
export type CallReceipt = { providerId: string; outcome: CallOutcome | 'pending' };

/**
 * One way out of the building: Twilio (SMS, WhatsApp, voice), SMTP (email) and the simulator, all
 * behind this type. An adapter only transports and reports what happened (sent, opted out at the
 * provider, refused with a code); the services that call it decide what that means and write it
 * down (the outbox row, a citizen's consent). It throws when the provider refused the message; a
 * refusal that will not change on retry is a non-retryable ApplicationFailure.
 */
export type ChannelAdapter = {
  name: string;
  /** The adapter that carries a channel, when it differs per channel (the composite of Twilio and SMTP). */
  nameFor?: (channel: AdapterChannel) => string;
  /**
   * The adapter that carries one organismo's sends, when that depends on the organismo (its own
   * Twilio subaccount or senders). Senders resolve it before claiming the outbox row, so the row
   * names the adapter that really carried the message.
   */
  forOrganization?: (organizationId: string) => Promise<ChannelAdapter>;
  sendSms(msg: TextMessage): Promise<SendReceipt>;
  sendWhatsApp(msg: TextMessage): Promise<SendReceipt>;
  sendEmail(msg: EmailMessage): Promise<SendReceipt>;
  placeCall(req: CallRequest): Promise<CallReceipt>;
  /**
   * Many messages of one channel in one request, when the adapter can (the simulator records a
   * campaign's page in one statement); receipts in the order given. Senders fall back to one call
   * per message without it.
   */
  sendMany?(
    channel: 'sms' | 'whatsapp' | 'email',
    messages: readonly (TextMessage | EmailMessage)[],
  ): Promise<SendReceipt[]>;
};

/**
 * Errors after which nobody knows whether the provider took the request: it timed out, or the
 * connection dropped once the request may have been written. Sending again could send twice, so
 * the sender records the outcome as unknown instead. A refused connection or a provider's answer
 * (4xx, 5xx) says the request was not taken and is not ambiguous.
 */
const AMBIGUOUS_CODES = new Set([
  'ETIMEDOUT',
  'ECONNABORTED',
  'ECONNRESET',
  'EPIPE',
  'ESOCKETTIMEDOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export function isAmbiguousSendError(err: unknown, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 4) return false;
  const code: unknown = Reflect.get(err, 'code');
  if (typeof code === 'string' && AMBIGUOUS_CODES.has(code)) return true;
  return isAmbiguousSendError(Reflect.get(err, 'cause'), depth + 1);
}
