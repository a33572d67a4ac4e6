import type { HttpText } from '../../../lib/contracts/engine-activities';
import { maskedHttpText } from '../../../lib/http-text';
import { lookup } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { buildRequest } from './build-request';
import { hasBody, httpRequest } from './definition';

export const httpRequestRunner = defineRunner(httpRequest, async (c, ctx) => {
  const built = buildRequest(
    { url: c.url, headers: c.headers, body: hasBody(c.method) ? c.body : null },
    { render: (placeholder) => ctx.render(placeholder), value: (path) => lookup(ctx.scope(), path) },
  );
  if (!built.ok) {
    // Compile refuses these; a program that still has one fails the step instead of sending it.
    const error = `invalid request: ${built.problem.key} in ${built.problem.field}`;
    return { port: 'failure', set: { 'vars.http_status': null, 'vars.http_error': error } };
  }
  const { url, headers, body } = built.request;
  // What the trace and the test phone show: the request as sent, secrets as their references.
  ctx.describe({ request: shown({ method: c.method, url, headers, body }) });
  const args = {
    organizationId: ctx.input.organizationId,
    method: c.method,
    url,
    headers,
    body,
    timeoutMs: c.timeoutSeconds * 1000,
    ...(c.method === 'GET' ? {} : { idempotencyKey: ctx.idempotencyKey() }),
  };
  const result = await ctx.attempt(() => ctx.activities.httpRequest(args));
  if (!result.ok) {
    return { port: 'failure', set: { 'vars.http_status': null, 'vars.http_error': result.error } };
  }
  const { status } = result.value;
  const responseBody = parseIfJson(result.value.body);
  if (status < 200 || status > 299) {
    return { port: 'failure', set: { 'vars.http_status': status, 'vars.http_error': `HTTP ${status}` } };
  }
  const set: Record<string, unknown> = { 'vars.http_status': status };
  // A missing field becomes null, so later nodes see the variable defined (and `default` applies).
  for (const m of c.responseMappings)
    set[`vars.${m.variable}`] = lookup({ body: responseBody }, `body.${m.path}`) ?? null;
  return { port: 'success', set };
});

function shown(r: {
  method: string;
  url: HttpText;
  headers: Record<string, HttpText>;
  body: HttpText | null;
}) {
  return {
    method: r.method,
    url: maskedHttpText(r.url),
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, maskedHttpText(v)])),
    body: r.body === null ? null : maskedHttpText(r.body),
  };
}

/** A JSON body the activity handed back as text still maps by path. */
function parseIfJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
