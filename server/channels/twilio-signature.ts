import 'server-only';
import twilio from 'twilio';

/**
 * The origin Twilio was told to call: PUBLIC_BASE_URL when set (the address configured on the
 * number), else what a reverse proxy forwarded (X-Forwarded-Proto/Host), else the request's own.
 */
export function publicOrigin(request: Request, publicBaseUrl: string | undefined): string {
  if (publicBaseUrl) return publicBaseUrl.replace(/\/+$/, '');
  const own = new URL(request.url);
  const proto = firstValue(request.headers.get('x-forwarded-proto')) ?? own.protocol.replace(/:$/, '');
  const host = firstValue(request.headers.get('x-forwarded-host')) ?? request.headers.get('host') ?? own.host;
  return `${proto}://${host}`;
}

/** The URL Twilio signed: the public origin, the path and the query string exactly as requested. */
export function publicRequestUrl(request: Request, publicBaseUrl: string | undefined): string {
  const own = new URL(request.url);
  return `${publicOrigin(request, publicBaseUrl)}${own.pathname}${own.search}`;
}

/**
 * Checks X-Twilio-Signature (HMAC-SHA1 of the URL and the sorted form parameters with the auth
 * token of the account that owns the number). A missing signature is never valid.
 */
export function isValidTwilioSignature(args: {
  authToken: string;
  signature: string | null;
  url: string;
  params: Record<string, string>;
}): boolean {
  if (!args.signature) return false;
  return twilio.validateRequest(args.authToken, args.signature, args.url, args.params);
}

// Proxies may append their own hop: "https, http" — the first one is what the client used.
function firstValue(header: string | null): string | null {
  const first = header?.split(',')[0]?.trim();
  return first ? first : null;
}
