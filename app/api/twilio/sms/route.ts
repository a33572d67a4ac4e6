import { logger } from '@/server/logger';
import { engineDepsFromEnv } from '@/server/services/executions/engine-deps-from-env';
import { handleInboundMessage } from '@/server/services/messaging/inbound-message';
import {
  foreignOrganismo,
  messagingTwiml,
  readTwilioWebhook,
} from '@/server/services/messaging/twilio-webhook';

export const dynamic = 'force-dynamic';

/** Twilio's incoming-message webhook for SMS and WhatsApp numbers: answers TwiML. */
export async function POST(request: Request) {
  // An inbound message is addressed to our number.
  const hook = await readTwilioWebhook(request, { ownNumber: (p) => p.To ?? '' });
  if (!hook.ok) return hook.response;
  const { params } = hook;
  const messageSid = params.MessageSid ?? params.SmsSid;
  if (!messageSid || !params.From || !params.To) {
    return new Response('MessageSid, From and To are required', { status: 400 });
  }
  try {
    const outcome = await handleInboundMessage(engineDepsFromEnv(), {
      messageSid,
      from: params.From,
      to: params.To,
      body: params.Body ?? '',
      signer: hook.signer,
    });
    logger.info({ messageSid, action: outcome.action }, 'inbound message');
    if (outcome.action === 'refused') return foreignOrganismo();
    return messagingTwiml(outcome.reply);
  } catch (err) {
    logger.error({ err, messageSid }, 'inbound message failed');
    return new Response('Internal error', { status: 500 });
  }
}
