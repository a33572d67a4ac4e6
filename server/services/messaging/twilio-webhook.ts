import twilio from 'twilio';
import { type TwilioSettings, twilioSettingsFromEnv } from '@/server/channels/twilio-adapter';
import { isValidTwilioSignature, publicRequestUrl } from '@/server/channels/twilio-signature';

export type TwilioWebhook =
  | { ok: true; params: Record<string, string>; settings: TwilioSettings }
  | { ok: false; response: Response };

/**
 * Reads a Twilio webhook and checks X-Twilio-Signature against the public URL Twilio was given
 * (PUBLIC_BASE_URL + path + query, else the forwarded origin: see twilio-signature.ts).
 * 503 when Twilio is not configured, 403 when the signature is missing or wrong.
 */
export async function readTwilioWebhook(
  request: Request,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TwilioWebhook> {
  const settings = twilioSettingsFromEnv(env);
  if (!settings) return { ok: false, response: new Response('Twilio is not configured', { status: 503 }) };
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(await request.text())) params[key] = value;
  const valid = isValidTwilioSignature({
    authToken: settings.authToken,
    signature: request.headers.get('x-twilio-signature'),
    url: publicRequestUrl(request, env.PUBLIC_BASE_URL),
    params,
  });
  if (!valid) return { ok: false, response: new Response('Invalid Twilio signature', { status: 403 }) };
  return { ok: true, params, settings };
}

/** TwiML for a messaging webhook: an empty <Response/>, or one <Message> back to the sender. */
export function messagingTwiml(reply: string | null): Response {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return new Response(response.toString(), { headers: { 'content-type': 'text/xml; charset=utf-8' } });
}
