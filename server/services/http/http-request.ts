import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type {
  HttpRequestInput,
  HttpRequestResult,
  HttpSecretRef,
  HttpText,
} from '@/lib/contracts/engine-activities';
import { httpTextPieces, httpTextSecrets, stripControl } from '@/lib/http-text';
import { resolveOrgSecrets } from '@/server/services/secrets/org-secrets';
import { safeFetch } from './safe-fetch';

/**
 * A flow's HTTP request, limited to the hosts the organismo allowed (none until it lists some).
 * Secret references are resolved here, by the execution's organismo, so their values exist only
 * inside this activity: never in the workflow's input, history or trace.
 */
export async function httpRequest(db: Database, input: HttpRequestInput): Promise<HttpRequestResult> {
  const settings = await db.query.organizationSettings.findFirst({
    where: eq(schema.organizationSettings.organizationId, input.organizationId),
    columns: { allowedHosts: true },
  });
  const { organizationId, idempotencyKey, url, headers, body, ...request } = input;
  const names = [url, body, ...Object.values(headers)].flatMap((t) => httpTextSecrets(t));
  const secrets = await resolveOrgSecrets(db, organizationId, names);
  const text = (t: HttpText) => resolved(t, secrets);
  const plain = {
    ...request,
    url: text(url),
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, text(value)])),
    body: body === null ? null : text(body),
  };
  return safeFetch(withIdempotencyKey(plain, idempotencyKey), {
    allowedHosts: settings?.allowedHosts ?? [],
  });
}

function resolved(text: HttpText, secrets: ReadonlyMap<string, string>): string {
  return httpTextPieces(text)
    .map((p) => (typeof p === 'string' ? p : encoded(p, secrets.get(p.secret) ?? '')))
    .join('');
}

/** A secret's value encoded as the workflow encoded the text around it. */
function encoded(ref: HttpSecretRef, value: string): string {
  switch (ref.encoding) {
    case 'url':
      return encodeURIComponent(value);
    case 'header':
      return stripControl(value);
    case 'json':
      return JSON.stringify(value);
    case 'json-string':
      return JSON.stringify(value).slice(1, -1);
    case 'raw':
      return value;
  }
}

/** Adds Idempotency-Key (the de-facto header for safe retries) unless the designer set one. */
function withIdempotencyKey<T extends { headers: Record<string, string> }>(
  request: T,
  key: string | undefined,
): T {
  if (!key || Object.keys(request.headers).some((h) => h.toLowerCase() === 'idempotency-key')) return request;
  return { ...request, headers: { ...request.headers, 'Idempotency-Key': key } };
}
