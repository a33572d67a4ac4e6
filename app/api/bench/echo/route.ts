import { benchEchoTurn } from '@/server/services/bench/echo-turn';
import { getTemporalClient } from '@/workflows/client';

export const dynamic = 'force-dynamic';

/** The IVR bench's trivial update through Next (server/services/bench/echo-turn.ts); 404 unless CAUCE_BENCH_TOKEN is set. */
export function POST(request: Request): Promise<Response> {
  return benchEchoTurn(request, {
    temporal: () => getTemporalClient(),
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'cauce',
  });
}
