import 'server-only';
import { NextResponse } from 'next/server';
import type { Database } from '@/db';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyScope,
  releaseIdempotencyKey,
} from '@/server/services/api-keys/idempotency';

export type ApiAnswer = { status: number; body: unknown };

/**
 * A public API request under its Idempotency-Key: the first one runs `act` (with the claim's id,
 * for ids a retry must find again) and stores its answer; a repeat gets that answer back, a key
 * reused for another request 422, a repeat while the first still runs 409. A throw releases the key.
 */
export async function answerOnce(
  db: Database,
  args: { scope: IdempotencyScope; hash: string; headers: Record<string, string> },
  act: (claimId: string) => Promise<ApiAnswer>,
): Promise<NextResponse> {
  const { headers } = args;
  const claim = await claimIdempotencyKey(db, args.scope, args.hash);
  switch (claim.kind) {
    case 'replay':
      return NextResponse.json(claim.body, {
        status: claim.status,
        headers: { ...headers, 'idempotent-replayed': 'true' },
      });
    case 'mismatch':
      return NextResponse.json(
        {
          error: 'idempotency_key_reused',
          message:
            'This Idempotency-Key was used in the last 24 hours for a different request; send a new key for a new request',
        },
        { status: 422, headers },
      );
    case 'in_progress':
      return NextResponse.json(
        {
          error: 'idempotency_key_in_progress',
          message: 'The first request with this Idempotency-Key is still running; retry shortly',
        },
        { status: 409, headers: { ...headers, 'retry-after': '1' } },
      );
    case 'claimed': {
      const answer = await act(claim.id).catch(async (err: unknown) => {
        await releaseIdempotencyKey(db, claim.id);
        throw err;
      });
      await completeIdempotencyKey(db, claim.id, answer);
      return NextResponse.json(answer.body, { status: answer.status, headers });
    }
  }
}
