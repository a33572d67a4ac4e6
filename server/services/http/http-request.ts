import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { HttpRequestInput, HttpRequestResult } from '@/lib/contracts/engine-activities';
import { safeFetch } from './safe-fetch';

/** A flow's HTTP request, limited to the hosts the organismo allowed (none until it lists some). */
export async function httpRequest(db: Database, input: HttpRequestInput): Promise<HttpRequestResult> {
  const settings = await db.query.organizationSettings.findFirst({
    where: eq(schema.organizationSettings.organizationId, input.organizationId),
    columns: { allowedHosts: true },
  });
  const { organizationId: _org, idempotencyKey, ...request } = input;
  return safeFetch(withIdempotencyKey(request, idempotencyKey), {
    allowedHosts: settings?.allowedHosts ?? [],
  });
}

/** Adds Idempotency-Key (the de-facto header for safe retries) unless the designer set one. */
function withIdempotencyKey<T extends { headers: Record<string, string> }>(
  request: T,
  key: string | undefined,
): T {
  if (!key || Object.keys(request.headers).some((h) => h.toLowerCase() === 'idempotency-key')) return request;
  return { ...request, headers: { ...request.headers, 'Idempotency-Key': key } };
}
