import { routeHandler } from '@/server/http/route-handler';
import { logger } from '@/server/logger';
import { engineDepsFromEnv } from '@/server/services/executions/engine-deps-from-env';
import { handleInboundMessage } from '@/server/services/messaging/inbound-message';
import {
  foreignOrganismo,
  messagingTwiml,
  readTwilioWebhook,
} from '@/server/services/messaging/twilio-webhook';

export const dynamic = 'force-dynamic';

/**
 * Twilio's incoming-message webhook for SMS and WhatsApp numbers: stores the message in the inbox,
 * delivers it when that is quick, and answers TwiML. Only a message that could not be stored
 * (PostgreSQL down) gets a 503, for Twilio's retry or fallback URL.
 */
export const POST = routeHandler('api/twilio/sms', async (request: Request) => {
  try {
    // An inbound message is addressed to our number.
    const hook = await readTwilioWebhook(request, { ownNumber: (p) => p.To ?? '' });
    if (!hook.ok) return hook.response;
    const { params } = hook;
    const messageSid = params.MessageSid ?? params.SmsSid;
    if (!messageSid || !params.From || !params.To) {
      return new Response('MessageSid, From and To are required', { status: 400 });
    }
    const outcome = await handleInboundMessage(engineDepsFromEnv(), {
      messageSid,
      from: params.From,
      to: params.To,
      body: params.Body ?? '',
      signer: hook.signer,
    });
    if (outcome.action === 'queued')
      logger.warn({ messageSid, err: outcome.error }, 'inbound message stored, delivery deferred');
    else logger.info({ messageSid, action: outcome.action }, 'inbound message');
    if (outcome.action === 'refused') return foreignOrganismo();
    return messagingTwiml(outcome.reply);
  } catch (err) {
    // The signature check (the account's token) or the inbox write needs PostgreSQL: nothing was kept.
    logger.error({ err }, 'inbound message not stored');
    return new Response('Service unavailable', { status: 503, headers: { 'retry-after': '5' } });
  }
});
