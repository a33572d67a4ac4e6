import 'server-only';
import { TRPCError } from '@trpc/server';
import type { Database } from '@/db';
import { createCaller } from '@/server/api/routers/root';
import { createContext, type SessionInfo } from '@/server/api/trpc';
import { logger } from '@/server/logger';
import {
  authTokenForNumber,
  type TwilioAccounts,
  twilioAccountsFromEnv,
} from '@/server/services/calls/auth-token';
import { getRecording } from '@/server/services/recordings/recordings';

type RecordingAudioDeps = {
  db: Database;
  session: SessionInfo | null;
  accounts?: TwilioAccounts;
  /** Twilio's REST base (TWILIO_API_BASE_URL in tests); https://api.twilio.com otherwise. */
  apiBaseUrl?: string | undefined;
  fetch?: typeof fetch;
};

const TWILIO_API = 'https://api.twilio.com';
const STATUS: Partial<Record<TRPCError['code'], number>> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges'] as const;

/**
 * Streams a recording's audio to a member of its organismo (agent, supervisor, admin: the same
 * check as recordings.get, through the same procedure). The browser never sees Twilio: the audio is
 * fetched from the recording's own account with that account's credentials, found by our number
 * on the call as for webhooks, and the URL is built from the SIDs, never taken from the callback.
 * Range requests pass through, so the player can seek.
 */
export async function serveRecordingAudio(
  deps: RecordingAudioDeps,
  args: { recordingId: string; range: string | null },
): Promise<Response> {
  const caller = createCaller(createContext({ db: deps.db, session: deps.session }));
  try {
    await caller.recordings.get({ id: args.recordingId });
  } catch (err) {
    if (err instanceof TRPCError) return text(STATUS[err.code] ?? 400, err.message);
    throw err;
  }
  // recordings.get found it in the session's active organismo.
  const organizationId = deps.session?.activeOrganizationId ?? '';
  const recording = await getRecording(deps.db, organizationId, args.recordingId);
  if (recording.source !== 'twilio' || !recording.accountSid) {
    return text(404, 'This recording was simulated: it has no audio');
  }
  const authToken = await authTokenForNumber(deps.accounts ?? twilioAccountsFromEnv(), {
    ownNumber: recording.ownNumber ?? '',
    accountSid: recording.accountSid,
  });
  if (!authToken) return text(503, 'The Twilio account of this recording is not configured here');
  const base = (deps.apiBaseUrl ?? process.env.TWILIO_API_BASE_URL ?? TWILIO_API).replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${recording.accountSid}/Recordings/${recording.recordingSid}.mp3`;
  const basic = Buffer.from(`${recording.accountSid}:${authToken}`).toString('base64');
  const upstream = await (deps.fetch ?? fetch)(url, {
    headers: { authorization: `Basic ${basic}`, ...(args.range ? { range: args.range } : {}) },
  });
  if (!upstream.ok || !upstream.body) {
    logger.warn({ recordingId: recording.id, status: upstream.status }, 'recording audio fetch failed');
    await upstream.body?.cancel();
    return text(502, 'Twilio did not return the recording');
  }
  const headers = new Headers({ 'cache-control': 'private, no-store' });
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (!headers.has('content-type')) headers.set('content-type', 'audio/mpeg');
  return new Response(upstream.body, { status: upstream.status, headers });
}

function text(status: number, body: string): Response {
  return new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
