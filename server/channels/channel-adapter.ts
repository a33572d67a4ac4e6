import type { CallOutcome } from '@/workflows/activities/engine-types';

/** Who asked for the message: the outbox row an adapter records under (idempotency key is unique). */
export type OutboundRef = {
  organizationId: string;
  idempotencyKey: string;
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

/** 'sent' = the provider accepted it (delivery is reported later); 'delivered' = known delivered. */
export type SendReceipt = { providerId: string; status: 'sent' | 'delivered' };
export type CallReceipt = { providerId: string; outcome: CallOutcome };

/**
 * One way out of the building: the simulator today; Twilio (SMS, WhatsApp, voice) and SMTP later,
 * all behind this type. An adapter throws when the provider refused the message; a refusal that
 * will not change on retry is a non-retryable ApplicationFailure.
 */
export type ChannelAdapter = {
  name: string;
  sendSms(msg: TextMessage): Promise<SendReceipt>;
  sendWhatsApp(msg: TextMessage): Promise<SendReceipt>;
  sendEmail(msg: EmailMessage): Promise<SendReceipt>;
  placeCall(req: CallRequest): Promise<CallReceipt>;
};
