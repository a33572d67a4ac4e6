import { z } from 'zod';
import { defineNode, neverWaits, port } from '../../dsl/node-definition';
import { invalidAs, invalidConfig, type Problem, problem } from '../../dsl/problems';
import { templateSegments } from '../../dsl/template';
import { truncate, ZTemplate, ZVariableName } from '../shared';
import { buildRequest, EMPTY_RESOLVER } from './build-request';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const METHODS_WITH_BODY: readonly string[] = ['POST', 'PUT', 'PATCH'];

export function hasBody(method: string): boolean {
  return METHODS_WITH_BODY.includes(method);
}

const ZHeader = z.object({
  name: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, invalidAs('headerName')),
  value: ZTemplate.max(2000).default(''),
});

const ZMapping = z.object({
  variable: ZVariableName,
  /** Dot path into the JSON response; list items by index (data.turnos.0.fecha). */
  path: z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, invalidAs('jsonPath')),
});

export const httpRequest = defineNode({
  kind: 'http_request',
  category: 'logic',
  title: { 'es-AR': 'Consultar un sistema (HTTP)', en: 'Call a system (HTTP)' },
  description: {
    'es-AR':
      'Llama a un servicio web del organismo (por ejemplo, el sistema de turnos) y guarda datos de la respuesta en variables.',
    en: "Calls one of the organismo's web services (e.g. the appointments system) and stores response data in variables.",
  },
  schema: z.object({
    method: z.enum(HTTP_METHODS).default('GET'),
    url: ZTemplate.max(2000).default(''),
    headers: z.array(ZHeader).max(20).default([]),
    /** Sent only with POST, PUT and PATCH. */
    body: ZTemplate.max(4000).default(''),
    // The activity itself has 30 s to finish: the request must give up before that.
    timeoutSeconds: z.number().int().min(1).max(25).default(10),
    responseMappings: z.array(ZMapping).max(30).default([]),
  }),
  ports: () => [port('success', 'Respondió bien', 'Success'), port('failure', 'Falló', 'Failure')],
  waits: neverWaits,
  references: (c) => [
    ...refs({ url: c.url }),
    ...c.headers.flatMap((h, i) => refs({ [`headers.${i}.value`]: h.value })),
    ...(hasBody(c.method) ? refs({ body: c.body }) : []),
  ],
  defines: (c) => [
    { port: '*', variables: ['vars.http_status'] },
    { port: 'success', variables: c.responseMappings.map((m) => `vars.${m.variable}`) },
    { port: 'failure', variables: ['vars.http_error'] },
  ],
  validate: (c, ctx) => {
    const out: Problem[] = [];
    const target = urlHost(c.url);
    if (target.kind === 'invalid') {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'url', key: 'urlScheme' }));
    }
    const built = buildRequest(
      { url: c.url, headers: c.headers, body: hasBody(c.method) ? c.body : null },
      EMPTY_RESOLVER,
    );
    if (!built.ok) out.push(invalidConfig({ nodeId: ctx.nodeId, ...built.problem }));
    const known = ctx.resources.secrets;
    const missing = new Set<string>();
    for (const s of built.ok && known !== null ? built.request.secrets : []) {
      if (known?.has(s.name) || missing.has(`${s.field}:${s.name}`)) continue;
      missing.add(`${s.field}:${s.name}`);
      out.push(problem('SECRET_MISSING', { nodeId: ctx.nodeId, field: s.field, params: { name: s.name } }));
    }
    const allowed = ctx.resources.allowedHosts;
    if (target.kind === 'host' && allowed !== null && !allowed.some((h) => h.toLowerCase() === target.host)) {
      out.push(
        problem('HOST_NOT_ALLOWED', { nodeId: ctx.nodeId, field: 'url', params: { host: target.host } }),
      );
    }
    return out;
  },
  summary: (c, locale) =>
    `${c.method} ${c.url ? truncate(c.url, 50) : locale === 'es-AR' ? '(sin URL)' : '(no URL)'}`,
});

/**
 * The host a URL template calls, when it can be known before running: a host written with a
 * variable in it ({{vars.servidor}}) is only known at run time, where the activity checks it.
 */
export function urlHost(
  url: string,
): { kind: 'host'; host: string } | { kind: 'templated' } | { kind: 'invalid' } {
  const text = url.trim();
  if (text.startsWith('{{')) return { kind: 'templated' };
  const match = /^https?:\/\/([^/?#]*)/i.exec(text);
  if (!match) return { kind: 'invalid' };
  const authority = match[1] ?? '';
  if (authority.includes('{{')) return { kind: 'templated' };
  const host = (authority.split('@').pop() ?? '').replace(/:\d*$/, '').toLowerCase();
  return host ? { kind: 'host', host } : { kind: 'invalid' };
}

/** Template fields of the node and the variables they read; `{{secret.NAME}}` is not a variable. */
function refs(fields: Record<string, string>): { field: string; paths: string[] }[] {
  return Object.entries(fields).flatMap(([field, text]) =>
    text
      ? [
          {
            field,
            paths: (templateSegments(text, { secrets: true }) ?? []).flatMap((s) =>
              'path' in s ? [s.path] : [],
            ),
          },
        ]
      : [],
  );
}
