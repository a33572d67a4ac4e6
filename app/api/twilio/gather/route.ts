import { routeHandler } from '@/server/http/route-handler';
import { callDepsFromEnv } from '@/server/services/calls/call-deps';
import { continueCall } from '@/server/services/calls/call-turns';
import { handleTwilioWebhook } from '@/server/services/calls/twilio-webhook';

export const dynamic = 'force-dynamic';

/** The caller's answer to a prompt (Gather, Record, Dial or Enqueue action, POST ?seq=<n>): the next prompt. */
export const POST = routeHandler('api/twilio/gather', (request: Request) =>
  handleTwilioWebhook(request, 'gather', (hook) => continueCall(callDepsFromEnv(), hook)),
);
