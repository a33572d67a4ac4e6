import { routeHandler } from '@/server/http/route-handler';
import { benchEchoTurn } from '@/server/services/bench/echo-turn';
import { callDepsFromEnv } from '@/server/services/calls/call-deps';

export const dynamic = 'force-dynamic';

/**
 * The IVR bench's trivial update through Next (server/services/bench/echo-turn.ts); 404 unless
 * CAUCE_BENCH_TOKEN is set and, in production, CAUCE_BENCH_ALLOW=1 (which only the bench sets).
 */
export const POST = routeHandler('api/bench/echo', (request: Request) =>
  // The Twilio webhooks' own dependencies: the comparison is fair only if both routes use the same client.
  benchEchoTurn(request, callDepsFromEnv()),
);
