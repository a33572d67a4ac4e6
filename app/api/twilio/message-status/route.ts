import { getDb } from '@/db';
import { routeHandler } from '@/server/http/route-handler';
import { logger } from '@/server/logger';
import { recordMessageStatus } from '@/server/services/messaging/record-message-status';
import { readTwilioWebhook } from '@/server/services/messaging/twilio-webhook';

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
  const moved = await recordMessageStatus(getDb(), {
    providerId,
    key: new URL(request.url).searchParams.get('key'),
    status,
    errorCode: params.ErrorCode || null,
  });
  logger.debug({ providerId, status, moved: moved !== null }, 'twilio message status');
  return new Response(null, { status: 204 });
});
