import { getDb } from '@/db';
import { outboxOfStatusKey } from '@/server/channels/callback-token';
import { routeHandler } from '@/server/http/route-handler';
import { logger } from '@/server/logger';
import { recordMessageStatus } from '@/server/services/messaging/record-message-status';
import { foreignOrganismo, readTwilioWebhook } from '@/server/services/messaging/twilio-webhook';

export const dynamic = 'force-dynamic';

/** Twilio's message status callback (set per message by the Twilio adapter): moves the outbox row forward. */
export const POST = routeHandler('api/twilio/message-status', async (request: Request) => {
  // A status callback is about a message we sent from our number.
  const hook = await readTwilioWebhook(request, { ownNumber: (p) => p.From ?? '' });
  if (!hook.ok) return hook.response;
  const { params } = hook;
  const providerId = params.MessageSid ?? params.SmsSid;
  const status = params.MessageStatus ?? params.SmsStatus;
  if (!providerId || !status)
    return new Response('MessageSid and MessageStatus are required', { status: 400 });
  // A key Cauce did not mint (an idempotency key, a forged or altered one) names no row: refused.
  const key = new URL(request.url).searchParams.get('key');
  const outbox = key === null ? null : outboxOfStatusKey(key);
  if (key !== null && !outbox) return new Response('Invalid key', { status: 403 });
  const outcome = await recordMessageStatus(getDb(), {
    providerId,
    outbox,
    signerOrganizationId: hook.signer?.organizationId ?? null,
    status,
    errorCode: params.ErrorCode || null,
  });
  logger.debug({ providerId, status, outcome: outcome.kind }, 'twilio message status');
  if (outcome.kind === 'foreign') return foreignOrganismo();
  return new Response(null, { status: 204 });
});
