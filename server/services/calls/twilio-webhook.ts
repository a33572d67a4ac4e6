import { within } from '@/lib/within';
import { malformedTwilioField } from '@/server/channels/twilio-form';
import { isValidTwilioSignature, publicOrigin, publicRequestUrl } from '@/server/channels/twilio-signature';
import { sayAndHangUp } from '@/server/channels/twiml';
import { settings } from '@/server/env';
import { readCappedText } from '@/server/http/read-body';
import { type Logger, logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';
import type { NumberOwner } from '@/server/services/telephony/org-telephony';
import { type TwilioAccounts, twilioAccountsFromEnv, webhookKeyFor } from './auth-token';
import { SORRY_ERROR } from './caller-messages';
import { ownNumberOf, type TwilioParams } from './twilio-params';

/** A verified Twilio request, as a handler sees it. */
export type TwilioWebhook = {
  requestId: string;
  params: TwilioParams;
  /** The public URL Twilio requested (and signed), query included. */
  url: string;
  /** The public origin, for the action URLs the TwiML names. */
  origin: string;
  query: URLSearchParams;
  /**
   * Who registered our number on the call, whose account's key verified the request: the only
   * organismo whose calls and flows the handler may touch (`signerMayTouch`). Null for a number
   * nobody registered (verified with the platform's key).
   */
  signer: NumberOwner | null;
  log: Logger;
};

export type WebhookAnswer = { twiml: string; status?: number; detail?: Record<string, unknown> };

export type WebhookOptions = {
  accounts?: TwilioAccounts;
  publicBaseUrl?: string | undefined;
  /** The whole answer's budget (default WEBHOOK_DEADLINE_MS), the signature's account lookup included. */
  deadlineMs?: number;
};

/**
 * Twilio waits 15 s for TwiML. Past this the caller hears the apology instead of waiting on a dead
 * PostgreSQL or Temporal; it leaves room for the engine's own turn timeout (call-turns.ts, 8 s).
 */
export const WEBHOOK_DEADLINE_MS = 11_000;
/** The account's token is one indexed read: a database that takes longer is not answering. */
const AUTH_LOOKUP_MS = 3000;

const XML = 'text/xml; charset=utf-8';

/**
 * The shared shell of every Twilio voice webhook: reads the form, refuses a malformed one (400,
 * before any lookup), refuses unsigned or forged requests (403) and answers 503 when no Twilio
 * account is configured, runs the handler, and logs one line with the request id, CallSid and
 * latency. Any failure (PostgreSQL or Temporal down, the deadline passed) still answers 200 TwiML,
 * an apology and a hang-up in the caller's language: Twilio would otherwise play its own English
 * error message.
 */
export async function handleTwilioWebhook(
  request: Request,
  name: string,
  handler: (hook: TwilioWebhook) => Promise<WebhookAnswer>,
  opts: WebhookOptions = {},
): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdFrom(request.headers);
  const log = logger.child({ requestId, component: 'twilio', webhook: name });
  // Twilio's forms are a few hundred bytes; a large body is not Twilio and is not worth reading.
  const body = await readCappedText(request, settings().MAX_TWILIO_BODY_BYTES);
  if (!body.ok) {
    log.warn({ callSid: null, status: 413 }, 'twilio webhook');
    return new Response('Request body too large\n', { status: 413, headers: { 'x-request-id': requestId } });
  }
  const params: TwilioParams = Object.fromEntries(new URLSearchParams(body.text));
  const malformed = malformedTwilioField(params);
  // A malformed form's fields stay out of the log line: they may be kilobytes of anything.
  const callSid = malformed ? null : (params.CallSid ?? null);
  const done = (
    status: number,
    body: string,
    type: string,
    detail: Record<string, unknown> = {},
    level: 'info' | 'warn' | 'error' = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
  ) => {
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    log[level]({ callSid, status, latencyMs, ...detail }, 'twilio webhook');
    return new Response(body, { status, headers: { 'content-type': type, 'x-request-id': requestId } });
  };

  // Before any lookup: a form Twilio cannot have sent costs no query and no cache entry.
  if (malformed) return done(400, `Malformed ${malformed}\n`, 'text/plain; charset=utf-8', { malformed });

  const deadline = started + (opts.deadlineMs ?? WEBHOOK_DEADLINE_MS);
  const apology = (detail: Record<string, unknown>) =>
    done(200, sayAndHangUp(SORRY_ERROR), XML, detail, 'error');

  const accounts = opts.accounts ?? twilioAccountsFromEnv();
  const lookup = await within(
    webhookKeyFor(accounts, ownNumberOf(params, new URL(request.url).searchParams)),
    Math.min(AUTH_LOOKUP_MS, deadline - performance.now()),
  );
  // Unverified, so nothing is done for it: the apology only spares a real caller Twilio's error.
  if (lookup.kind === 'error') return apology({ err: lookup.error, stage: 'auth_token' });
  if (lookup.kind === 'timeout') return apology({ timedOut: true, stage: 'auth_token' });
  const { authToken, owner } = lookup.value;
  if (!authToken) {
    return done(
      503,
      'Twilio webhooks are disabled: TWILIO_AUTH_TOKEN is not set, so requests cannot be verified. ' +
        'Try flows with the test phone in the editor, or configure the Twilio account.\n',
      'text/plain; charset=utf-8',
    );
  }
  const publicBaseUrl = 'publicBaseUrl' in opts ? opts.publicBaseUrl : settings().PUBLIC_BASE_URL;
  const url = publicRequestUrl(request, publicBaseUrl);
  const signature = request.headers.get('x-twilio-signature');
  if (!isValidTwilioSignature({ authToken, signature, url, params })) {
    return done(403, 'Invalid or missing X-Twilio-Signature\n', 'text/plain; charset=utf-8', {
      signed: signature !== null,
    });
  }

  const hook: TwilioWebhook = {
    requestId,
    params,
    url,
    origin: publicOrigin(request, publicBaseUrl),
    query: new URL(request.url).searchParams,
    signer: owner,
    log,
  };
  // Through a promise, so a handler that throws before its first await is caught the same way.
  const settled = await within(Promise.resolve(hook).then(handler), deadline - performance.now());
  if (settled.kind === 'error') return apology({ err: settled.error });
  // The handler goes on in the background; whatever it does later is not the caller's answer.
  if (settled.kind === 'timeout') return apology({ timedOut: true });
  const answer = settled.value;
  return done(answer.status ?? 200, answer.twiml, XML, answer.detail);
}

/**
 * For a voice webhook that does not go through handleTwilioWebhook (the recording callback): its
 * failures and a run past the deadline answer the apology too, never a bare 500.
 */
export async function withVoiceFallback(
  request: Request,
  name: string,
  run: () => Promise<Response>,
  deadlineMs = WEBHOOK_DEADLINE_MS,
): Promise<Response> {
  const started = performance.now();
  const settled = await within(Promise.resolve().then(run), deadlineMs);
  if (settled.kind === 'value') return settled.value;
  const requestId = requestIdFrom(request.headers);
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  logger.error(
    {
      requestId,
      component: 'twilio',
      webhook: name,
      status: 200,
      latencyMs,
      ...(settled.kind === 'error' ? { err: settled.error } : { timedOut: true }),
    },
    'twilio webhook',
  );
  return new Response(sayAndHangUp(SORRY_ERROR), {
    status: 200,
    headers: { 'content-type': XML, 'x-request-id': requestId },
  });
}
