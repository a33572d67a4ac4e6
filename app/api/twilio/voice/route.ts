import { callDepsFromEnv } from '@/server/services/calls/call-deps';
import { answerIncomingCall } from '@/server/services/calls/call-turns';
import { handleTwilioWebhook } from '@/server/services/calls/twilio-webhook';

export const dynamic = 'force-dynamic';

/** An incoming call (the number's voice webhook, POST): the first prompt of the bound flow. */
export function POST(request: Request): Promise<Response> {
  return handleTwilioWebhook(request, 'voice', (hook) => answerIncomingCall(callDepsFromEnv(), hook));
}
