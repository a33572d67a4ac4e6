import 'server-only';
import { ApplicationFailure } from '@temporalio/common';
import twilio, { type Twilio } from 'twilio';
import { type CallOutcome, MACHINE_DETECTION_TIMEOUT_SECONDS } from '@/lib/contracts/engine-activities';
import { messageStatusKey, signCallbackToken } from './callback-token';
import type { CallReceipt, CallRequest, ChannelAdapter, SendReceipt, TextMessage } from './channel-adapter';

export type TwilioSettings = {
  accountSid: string;
  authToken: string;
  /** A Messaging Service picks the sender from its pool (SMS and WhatsApp); else the numbers below. */
  messagingServiceSid: string | null;
  fromNumber: string | null;
  whatsappFrom: string | null;
  /** Where Twilio reaches Cauce: status callbacks and the outbound call's TwiML. */
  publicBaseUrl: string;
  /** Replaces https://api.twilio.com (tests point it at Prism); other Twilio domains are not used. */
  apiBaseUrl: string | null;
  /** How long one REST request may take (default TWILIO_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
};

/**
 * Below the send activity's 30 s start-to-close timeout, so a slow request ends here, where the
 * sender records its outcome as unknown, rather than in an activity Temporal has given up on.
 */
export const TWILIO_REQUEST_TIMEOUT_MS = 20_000;

/** Twilio's "the recipient replied STOP to this sender" refusal. */
export const TWILIO_UNSUBSCRIBED = 21610;
/** The source an opt-out learned from that refusal is recorded under. */
export const TWILIO_OPT_OUT_SOURCE = `twilio_${TWILIO_UNSUBSCRIBED}`;

export const MESSAGE_STATUS_PATH = '/api/twilio/message-status';
export const CALL_STATUS_PATH = '/api/twilio/status';
export const VOICE_PATH = '/api/twilio/voice';

export function twilioSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): TwilioSettings | null {
  const accountSid = env.TWILIO_ACCOUNT_SID?.trim();
  const authToken = env.TWILIO_AUTH_TOKEN?.trim();
  if (!accountSid || !authToken) return null;
  return {
    accountSid,
    authToken,
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID?.trim() || null,
    fromNumber: env.TWILIO_FROM_NUMBER?.trim() || null,
    whatsappFrom: env.TWILIO_WHATSAPP_FROM?.trim() || null,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, ''),
    apiBaseUrl: env.TWILIO_API_BASE_URL?.trim() || null,
  };
}

export function createTwilioClient(settings: TwilioSettings): Twilio {
  // autoRetry: Twilio answers 429 when a sender's queue is full; the SDK backs off before the activity does.
  const client = twilio(settings.accountSid, settings.authToken, {
    autoRetry: true,
    maxRetries: 3,
    timeout: settings.requestTimeoutMs ?? TWILIO_REQUEST_TIMEOUT_MS,
  });
  if (settings.apiBaseUrl) client.api.baseUrl = settings.apiBaseUrl;
  return client;
}

/**
 * SMS, WhatsApp and outbound calls through Twilio's REST API. Messages carry a status callback
 * naming their outbox row (the row exists before this is called), so a callback that beats the
 * settle of the row still finds it. A recipient who opted out at Twilio (21610) is reported as
 * skipped (the sender records the opt-out); other 4xx refusals are non-retryable.
 */
export function createTwilioAdapter(deps: { settings: TwilioSettings; client?: Twilio }): ChannelAdapter {
  const { settings } = deps;
  const client = deps.client ?? createTwilioClient(settings);

  const send = async (channel: 'sms' | 'whatsapp', msg: TextMessage): Promise<SendReceipt> => {
    const address = (n: string) => (channel === 'whatsapp' ? `whatsapp:${n.replace(/^whatsapp:/, '')}` : n);
    // The key names the outbox row and its organismo, MAC'd: a callback moves that row and no other.
    const key = msg.outboxId
      ? `?key=${encodeURIComponent(messageStatusKey({ id: msg.outboxId, organizationId: msg.organizationId }))}`
      : '';
    const statusCallback = `${settings.publicBaseUrl}${MESSAGE_STATUS_PATH}${key}`;
    const explicitFrom = msg.from ?? (channel === 'whatsapp' ? settings.whatsappFrom : null);
    const sender = explicitFrom
      ? { from: address(explicitFrom) }
      : settings.messagingServiceSid
        ? { messagingServiceSid: settings.messagingServiceSid }
        : settings.fromNumber
          ? { from: address(settings.fromNumber) }
          : null;
    if (!sender) {
      throw ApplicationFailure.nonRetryable(
        'Twilio has no sender: set TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER',
        'TWILIO_NO_SENDER',
      );
    }
    try {
      const message = await client.messages.create({
        to: address(msg.to),
        body: msg.body,
        statusCallback,
        ...sender,
      });
      return { providerId: message.sid, status: 'sent' };
    } catch (err) {
      if (twilioErrorCode(err) === TWILIO_UNSUBSCRIBED) {
        return { providerId: null, status: 'skipped_opt_out', optOutSource: TWILIO_OPT_OUT_SOURCE };
      }
      throw refusal(err);
    }
  };

  return {
    name: 'twilio',
    sendSms: (msg) => send('sms', msg),
    sendWhatsApp: (msg) => send('whatsapp', msg),
    sendEmail: async () => {
      throw ApplicationFailure.nonRetryable('Twilio does not send email: configure SMTP_URL', 'NO_EMAIL');
    },
    placeCall: (req) => placeTwilioCall(client, settings, req),
  };
}

/**
 * Starts the call; its outcome comes later. Twilio accepts a call as 'queued', reports progress
 * and the end to CALL_STATUS_PATH and asks VOICE_PATH for TwiML when it is answered, both with
 * `?outbound=<token>` naming the outbox row (and so the execution), signed by Cauce.
 *
 * Machine detection is synchronous (AsyncAmd false) with DetectMessageEnd: Twilio asks for the
 * first TwiML only once it knows who answered, so the flow takes its answered or machine port
 * before it says anything, and a machine's greeting is over (after the beep) when the flow starts
 * its message. The cost is a few seconds of silence for a person who answers; asynchronous
 * detection would start talking at once and need the call redirected mid-prompt when a machine
 * is detected, which a port decided before the first prompt cannot express.
 */
async function placeTwilioCall(
  client: Twilio,
  settings: TwilioSettings,
  req: CallRequest,
): Promise<CallReceipt> {
  const from = req.from ?? settings.fromNumber;
  if (!from) {
    throw ApplicationFailure.nonRetryable(
      'Twilio has no caller id: set TWILIO_FROM_NUMBER',
      'TWILIO_NO_SENDER',
    );
  }
  const token = encodeURIComponent(signCallbackToken('outbound-call', [req.idempotencyKey]));
  try {
    const call = await client.calls.create({
      to: req.to,
      from,
      url: `${settings.publicBaseUrl}${VOICE_PATH}?outbound=${token}`,
      method: 'POST',
      statusCallback: `${settings.publicBaseUrl}${CALL_STATUS_PATH}?outbound=${token}`,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      timeout: req.timeoutSeconds,
      ...(req.machineDetection
        ? {
            machineDetection: 'DetectMessageEnd',
            machineDetectionTimeout: MACHINE_DETECTION_TIMEOUT_SECONDS,
            asyncAmd: 'false',
          }
        : {}),
    });
    return { providerId: call.sid, outcome: createdCallOutcome(call.status) };
  } catch (err) {
    throw refusal(err);
  }
}

/**
 * What the create response says: a call Twilio refused at once has its outcome; any other
 * (queued, or whatever a mock answers) is pending until the webhooks report it.
 */
export function createdCallOutcome(status: string): CallOutcome | 'pending' {
  if (status === 'busy') return 'busy';
  if (status === 'no-answer') return 'no_answer';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

function twilioErrorCode(err: unknown): number | null {
  if (err === null || typeof err !== 'object') return null;
  const code: unknown = Reflect.get(err, 'code');
  return typeof code === 'number' ? code : null;
}

function httpStatus(err: unknown): number | null {
  if (err === null || typeof err !== 'object') return null;
  const status: unknown = Reflect.get(err, 'status');
  return typeof status === 'number' ? status : null;
}

/** A 4xx other than 429 will be refused again (bad number, unverified sender): do not retry it. */
function refusal(err: unknown): unknown {
  const status = httpStatus(err);
  if (status !== null && status >= 400 && status < 500 && status !== 429) {
    const code = twilioErrorCode(err);
    const message = err instanceof Error ? err.message : String(err);
    return ApplicationFailure.nonRetryable(
      `Twilio refused the request (HTTP ${status}${code ? `, error ${code}` : ''}): ${message}`,
      code ? `TWILIO_${code}` : `HTTP_${status}`,
    );
  }
  return err;
}
