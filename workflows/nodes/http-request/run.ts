import { lookup } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { hasBody, httpRequest } from './definition';

export const httpRequestRunner = defineRunner(httpRequest, async (c, ctx) => {
  const args = {
    organizationId: ctx.input.organizationId,
    method: c.method,
    url: ctx.render(c.url).trim(),
    headers: Object.fromEntries(c.headers.map((h) => [h.name, ctx.render(h.value)])),
    body: hasBody(c.method) ? ctx.render(c.body) : null,
    timeoutMs: c.timeoutSeconds * 1000,
    ...(c.method === 'GET' ? {} : { idempotencyKey: ctx.idempotencyKey() }),
  };
  const result = await ctx.attempt(() => ctx.activities.httpRequest(args));
  if (!result.ok) {
    return { port: 'failure', set: { 'vars.http_status': null, 'vars.http_error': result.error } };
  }
  const { status } = result.value;
  const body = parseIfJson(result.value.body);
  if (status < 200 || status > 299) {
    return { port: 'failure', set: { 'vars.http_status': status, 'vars.http_error': `HTTP ${status}` } };
  }
  const set: Record<string, unknown> = { 'vars.http_status': status };
  // A missing field becomes null, so later nodes see the variable defined (and `default` applies).
  for (const m of c.responseMappings) set[`vars.${m.variable}`] = lookup({ body }, `body.${m.path}`) ?? null;
  return { port: 'success', set };
});

/** A JSON body the activity handed back as text still maps by path. */
function parseIfJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
