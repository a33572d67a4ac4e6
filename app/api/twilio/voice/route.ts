import { routeHandler } from '@/server/http/route-handler';
import { callDepsFromEnv } from '@/server/services/calls/call-deps';
import { answerIncomingCall } from '@/server/services/calls/call-turns';
import { handleTwilioWebhook } from '@/server/services/calls/twilio-webhook';

export const dynamic = 'force-dynamic';

/** An incoming call (the number's voice webhook, POST): the first prompt of the bound flow. */
export const POST = routeHandler('api/twilio/voice', (request: Request) =>
  handleTwilioWebhook(request, 'voice', (hook) => answerIncomingCall(callDepsFromEnv(), hook)),
);
