import { routeHandler } from '@/server/http/route-handler';
import { callDepsFromEnv } from '@/server/services/calls/call-deps';
import { recordCallStatus } from '@/server/services/calls/call-turns';
import { handleTwilioWebhook } from '@/server/services/calls/twilio-webhook';

export const dynamic = 'force-dynamic';

/** Call status callbacks (the number's status callback URL, POST): a finished call ends its execution. */
export const POST = routeHandler('api/twilio/status', (request: Request) =>
  handleTwilioWebhook(request, 'status', (hook) => recordCallStatus(callDepsFromEnv(), hook)),
);
