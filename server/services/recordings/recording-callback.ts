import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { verifyCallbackToken } from '@/server/channels/callback-token';
import { malformedTwilioField } from '@/server/channels/twilio-form';
import { isValidTwilioSignature, publicRequestUrl } from '@/server/channels/twilio-signature';
import { settings } from '@/server/env';
import { readCappedText } from '@/server/http/read-body';
import { logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';
import {
  signerMayTouch,
  type TwilioAccounts,
  twilioAccountsFromEnv,
  webhookKeyFor,
} from '@/server/services/calls/auth-token';
import { storeRecording } from './store-recording';

type RecordingCallbackDeps = {
  db: Database;
  accounts?: TwilioAccounts;
  publicBaseUrl?: string | undefined;
};

/**
 * Twilio's RecordingStatusCallback (POST …/api/twilio/recording?ref=<token>), set on every <Record>
 * the engine renders. `ref` is signed by Cauce and names the execution, the step and our number on
 * the call; that number's account (the platform's or the organismo's subaccount) is the key
 * X-Twilio-Signature is checked with, and that number's organismo must be the execution's. A form
 * Twilio cannot have sent: 400, before any lookup. Forged, altered or another organismo's: 403.
 * A completed recording is stored once
 * per RecordingSid; 'absent' and 'failed' ones store nothing. Twilio ignores the body.
 */
export async function handleRecordingCallback(
  request: Request,
  deps: RecordingCallbackDeps,
): Promise<Response> {
  const requestId = requestIdFrom(request.headers);
  const log = logger.child({ requestId, component: 'twilio', webhook: 'recording' });
  const reply = (status: number, detail: Record<string, unknown> = {}) => {
    log[status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info'](
      { status, ...detail },
      'twilio recording callback',
    );
    return new Response(null, { status, headers: { 'x-request-id': requestId } });
  };
  const body = await readCappedText(request, settings().MAX_TWILIO_BODY_BYTES);
  if (!body.ok) return reply(413);
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(body.text));
  const malformed = malformedTwilioField(params);
  if (malformed) return reply(400, { malformed });
  const ref = verifyCallbackToken('recording', new URL(request.url).searchParams.get('ref'));
  if (ref?.length !== 3) return reply(403, { ref: 'invalid' });
  const [executionId = '', stepId = '', ownNumber = ''] = ref;

  const accounts = deps.accounts ?? twilioAccountsFromEnv();
  const { authToken, owner } = await webhookKeyFor(accounts, ownNumber);
  if (!authToken) return reply(503, { reason: 'no auth token for the account' });
  const publicBaseUrl = 'publicBaseUrl' in deps ? deps.publicBaseUrl : settings().PUBLIC_BASE_URL;
  const valid = isValidTwilioSignature({
    authToken,
    signature: request.headers.get('x-twilio-signature'),
    url: publicRequestUrl(request, publicBaseUrl),
    params,
  });
  if (!valid) return reply(403, { signed: request.headers.has('x-twilio-signature') });

  const recordingSid = params.RecordingSid ?? '';
  if (params.RecordingStatus !== 'completed')
    return reply(204, { recordingSid, status: params.RecordingStatus });
  const accountSid = params.AccountSid ?? '';
  // Their shapes were checked above; a completed recording must name both.
  if (!recordingSid || !accountSid) return reply(400, { recordingSid });
  const execution = await deps.db.query.execution.findFirst({
    where: eq(schema.execution.id, executionId),
    columns: { organizationId: true },
  });
  if (execution && !signerMayTouch(owner, execution.organizationId))
    return reply(403, { executionId, reason: 'another organismo' });
  const duration = Number(params.RecordingDuration ?? 0);
  const callSid = params.CallSid ?? '';
  const stored = await storeRecording(deps.db, {
    executionId,
    ...(owner ? { organizationId: owner.organizationId } : {}),
    stepId: stepId || null,
    source: 'twilio',
    recordingSid,
    callSid: callSid || null,
    accountSid,
    ownNumber: ownNumber || null,
    mediaUrl: params.RecordingUrl || null,
    durationSeconds: Number.isFinite(duration) ? duration : 0,
  });
  // An execution deleted since the call has nowhere to keep it; Twilio must not retry for that.
  return reply(204, { recordingSid, executionId, stored: stored?.created ?? false });
}
