import twilio from 'twilio';
import { malformedTwilioField } from '@/server/channels/twilio-form';
import { isValidTwilioSignature, publicRequestUrl } from '@/server/channels/twilio-signature';
import { settings } from '@/server/env';
import { readCappedText } from '@/server/http/read-body';
import {
  type TwilioAccounts,
  twilioAccountsFromEnv,
  webhookKeyFor,
} from '@/server/services/calls/auth-token';
import type { NumberOwner } from '@/server/services/telephony/org-telephony';

export type TwilioWebhook =
  | {
      ok: true;
      params: Record<string, string>;
      /**
       * Who registered our number, whose account's key verified the request: the only organismo
       * the handler may touch (`signerMayTouch`). Null for a number nobody registered.
       */
      signer: NumberOwner | null;
    }
  | { ok: false; response: Response };

/**
 * Reads a Twilio messaging webhook and checks X-Twilio-Signature against the public URL Twilio was
 * given (PUBLIC_BASE_URL + path + query, else the forwarded origin: see twilio-signature.ts), with
 * the auth token of the account owning our number, as the voice webhooks do (calls/auth-token.ts).
 * 400 when a field cannot have come from Twilio (checked before any lookup), 503 when no account
 * is configured, 403 when the signature is missing or wrong.
 */
export async function readTwilioWebhook(
  request: Request,
  opts: {
    ownNumber: (params: Record<string, string>) => string;
    env?: NodeJS.ProcessEnv;
    accounts?: TwilioAccounts;
  },
): Promise<TwilioWebhook> {
  const env = opts.env ?? process.env;
  const body = await readCappedText(request, settings().MAX_TWILIO_BODY_BYTES);
  if (!body.ok) return { ok: false, response: body.response };
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body.text)) params[key] = value;
  const malformed = malformedTwilioField(params);
  if (malformed) return { ok: false, response: new Response(`Malformed ${malformed}`, { status: 400 }) };
  const { authToken, owner } = await webhookKeyFor(
    opts.accounts ?? twilioAccountsFromEnv(env),
    opts.ownNumber(params),
  );
  if (!authToken) return { ok: false, response: new Response('Twilio is not configured', { status: 503 }) };
  const valid = isValidTwilioSignature({
    authToken,
    signature: request.headers.get('x-twilio-signature'),
    url: publicRequestUrl(request, env.PUBLIC_BASE_URL),
    params,
  });
  if (!valid) return { ok: false, response: new Response('Invalid Twilio signature', { status: 403 }) };
  return { ok: true, params, signer: owner };
}

/** TwiML for a messaging webhook: an empty <Response/>, or one <Message> back to the sender. */
export function messagingTwiml(reply: string | null): Response {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return new Response(response.toString(), { headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

/** The refusal of a verified request about another organismo's flows or rows than the signer's. */
export function foreignOrganismo(): Response {
  return new Response('The number that signed this request belongs to another organismo', { status: 403 });
}
