import twilio from 'twilio';
import { inject } from 'vitest';
import { overrideEnv } from './env';

/** The origin the app itself sees in tests (behind a proxy), as opposed to the public one Twilio signs. */
export const APP_ORIGIN = 'http://127.0.0.1:3000';

/**
 * A webhook request signed exactly as Twilio signs it: HMAC-SHA1 of the public URL followed by the
 * sorted form parameters, keyed by the auth token, in X-Twilio-Signature.
 */
export function signedTwilioRequest(args: {
  publicUrl: string;
  params: Record<string, string>;
  authToken: string;
  /** Overrides the signature (a forged request), or null for none at all. */
  signature?: string | null;
}): Request {
  const signature =
    args.signature === undefined
      ? twilio.getExpectedTwilioSignature(args.authToken, args.publicUrl, args.params)
      : args.signature;
  const { pathname, search } = new URL(args.publicUrl);
  // The app sees its own host (behind a proxy), not the public one Twilio signed.
  return new Request(`${APP_ORIGIN}${pathname}${search}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    body: new URLSearchParams(args.params).toString(),
  });
}

/** `request(url, params, signature?)`: signed with `authToken` unless a signature (or null) is given. */
export function twilioRequests(authToken: string) {
  return (publicUrl: string, params: Record<string, string>, signature?: string | null): Request =>
    signedTwilioRequest({ publicUrl, params, authToken, ...(signature === undefined ? {} : { signature }) });
}

/** A Twilio webhook route handler (app/api/twilio/…/route.ts). */
export type TwilioRoute = (request: Request) => Promise<Response>;
export type TwilioRoutes = {
  voice: TwilioRoute;
  gather: TwilioRoute;
  status: TwilioRoute;
  recording: TwilioRoute;
};

/**
 * Points the Twilio webhook routes at this test's PostgreSQL and engine worker through the
 * environment, where they read their dependencies from as in production, and loads them.
 * `restore` puts the environment back.
 */
export async function twilioRoutesFor(args: {
  publicBaseUrl: string;
  authToken: string;
  taskQueue: string;
}): Promise<{ routes: TwilioRoutes; restore: () => void }> {
  const restore = overrideEnv({
    PUBLIC_BASE_URL: args.publicBaseUrl,
    TWILIO_AUTH_TOKEN: args.authToken,
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: args.taskQueue,
  });
  const routes: TwilioRoutes = {
    voice: (await import('@/app/api/twilio/voice/route')).POST,
    gather: (await import('@/app/api/twilio/gather/route')).POST,
    status: (await import('@/app/api/twilio/status/route')).POST,
    recording: (await import('@/app/api/twilio/recording/route')).POST,
  };
  return { routes, restore };
}
