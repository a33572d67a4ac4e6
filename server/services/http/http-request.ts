import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { HttpRequestInput, HttpRequestResult } from '@/workflows/activities/engine-types';
import { safeFetch } from './safe-fetch';

/** A flow's HTTP request, limited to the hosts the organismo allowed (none until it lists some). */
export async function httpRequest(db: Database, input: HttpRequestInput): Promise<HttpRequestResult> {
  const settings = await db.query.organizationSettings.findFirst({
    where: eq(schema.organizationSettings.organizationId, input.organizationId),
    columns: { allowedHosts: true },
  });
  const { organizationId: _org, ...request } = input;
  return safeFetch(request, { allowedHosts: settings?.allowedHosts ?? [] });
}
