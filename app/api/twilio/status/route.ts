import { callDepsFromEnv } from '@/server/services/calls/call-deps';
import { recordCallStatus } from '@/server/services/calls/call-turns';
import { handleTwilioWebhook } from '@/server/services/calls/twilio-webhook';

export const dynamic = 'force-dynamic';

/** Call status callbacks (the number's status callback URL, POST): a finished call ends its execution. */
export function POST(request: Request): Promise<Response> {
  return handleTwilioWebhook(request, 'status', (hook) => recordCallStatus(callDepsFromEnv(), hook));
}
