import { describe, expect, it } from 'vitest';
import type { HttpRequestInput, HttpRequestResult } from '../../../lib/contracts/engine-activities';
import type { CompileResources } from '../../dsl/node-definition';
import { compileSingleNode, testResources } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { httpRequest, urlHost } from './definition';
import { httpRequestRunner } from './run';

const turnos = httpRequest.schema.parse({
  method: 'POST',
  url: 'https://turnos.salud.gob.ar/api/turnos?dni={{input.dni}}',
  headers: [{ name: 'Authorization', value: 'Bearer {{input.token}}' }],
  body: '{"dni":"{{input.dni}}"}',
  timeoutSeconds: 5,
  responseMappings: [
    { variable: 'turno_fecha', path: 'data.turno.fecha' },
    { variable: 'primer_centro', path: 'data.centros.0.nombre' },
    { variable: 'sin_dato', path: 'data.no_existe' },
  ],
});

const KEY = 'exec-1:node_1:0';

function run(
  config: typeof turnos,
  respond: (args: HttpRequestInput) => Promise<HttpRequestResult>,
  input: Record<string, unknown> = { dni: '30111222', token: 's3cr3t' },
) {
  const calls: HttpRequestInput[] = [];
  const ctx = testStepContext({
    scope: { input, vars: {} },
    activities: {
      httpRequest: async (args) => {
        calls.push(args);
        return respond(args);
      },
    },
  });
  return { calls, ctx, result: httpRequestRunner.run(config, ctx) };
}

function validate(url: string, resources: Partial<CompileResources>) {
  const config = httpRequest.schema.parse({ url });
  return (
    httpRequest.validate?.(config, { nodeId: 'h', resources: testResources(resources), triggerKind: null }) ??
    []
  ).map((p) => p.code);
}

describe('http_request definition', () => {
  it('defaults to a GET with a 10 s timeout and success/failure ports', () => {
    const c = httpRequest.schema.parse({});
    expect(c).toMatchObject({ method: 'GET', url: '', headers: [], body: '', timeoutSeconds: 10 });
    expect(httpRequest.ports(c).map((p) => [p.id, p.required])).toEqual([
      ['success', true],
      ['failure', true],
    ]);
    expect(httpRequest.summary(c, 'es-AR')).toBe('GET (sin URL)');
    expect(validate('', { allowedHosts: null })).toEqual(['INVALID_CONFIG']);
  });

  it('references url, header values and the body only when the method sends one', () => {
    expect(httpRequest.references(turnos)).toEqual([
      { field: 'url', paths: ['input.dni'] },
      { field: 'headers.0.value', paths: ['input.token'] },
      { field: 'body', paths: ['input.dni'] },
    ]);
    const get = { ...turnos, method: 'GET' as const };
    expect(httpRequest.references(get).map((r) => r.field)).toEqual(['url', 'headers.0.value']);
  });

  it('defines the status everywhere, mappings on success and the error on failure', () => {
    expect(httpRequest.defines(turnos)).toEqual([
      { port: '*', variables: ['vars.http_status'] },
      { port: 'success', variables: ['vars.turno_fecha', 'vars.primer_centro', 'vars.sin_dato'] },
      { port: 'failure', variables: ['vars.http_error'] },
    ]);
  });

  it('refuses bad header names, paths and timeouts past the activity limit', () => {
    expect(httpRequest.schema.safeParse({ headers: [{ name: 'X Bad', value: '' }] }).success).toBe(false);
    expect(
      httpRequest.schema.safeParse({ responseMappings: [{ variable: 'x', path: 'a..b' }] }).success,
    ).toBe(false);
    expect(httpRequest.schema.safeParse({ timeoutSeconds: 30 }).success).toBe(false);
  });
});

describe('http_request host check', () => {
  it('finds the host of a literal URL, ignoring port, user and case', () => {
    expect(urlHost('https://Turnos.Salud.gob.ar:8443/api')).toEqual({
      kind: 'host',
      host: 'turnos.salud.gob.ar',
    });
    expect(urlHost('http://user:pw@api.example.org?x=1')).toEqual({ kind: 'host', host: 'api.example.org' });
    expect(urlHost('{{vars.url}}')).toEqual({ kind: 'templated' });
    expect(urlHost('https://{{vars.servidor}}/api')).toEqual({ kind: 'templated' });
    expect(urlHost('https://api.gob.ar{{vars.resto}}')).toEqual({ kind: 'templated' });
    expect(urlHost('ftp://x.org')).toEqual({ kind: 'invalid' });
    expect(urlHost('https://')).toEqual({ kind: 'invalid' });
  });

  it('refuses a host off the allow-list and accepts one on it', () => {
    const allowedHosts = ['turnos.salud.gob.ar'];
    expect(validate('https://turnos.salud.gob.ar/api', { allowedHosts })).toEqual([]);
    expect(validate('https://evil.example.com/api', { allowedHosts })).toEqual(['HOST_NOT_ALLOWED']);
    expect(validate('https://evil.example.com/api', { allowedHosts: [] })).toEqual(['HOST_NOT_ALLOWED']);
  });

  it('names the refused host in the message', () => {
    const config = httpRequest.schema.parse({ url: 'https://evil.example.com/' });
    const [p] =
      httpRequest.validate?.(config, {
        nodeId: 'h',
        resources: testResources({ allowedHosts: [] }),
        triggerKind: null,
      }) ?? [];
    expect(p?.message.en).toContain('"evil.example.com"');
  });

  it('skips the check for a templated host or without an allow-list (browser preview)', () => {
    expect(validate('https://{{vars.servidor}}/api', { allowedHosts: [] })).toEqual([]);
    expect(validate('https://evil.example.com/api', { allowedHosts: null })).toEqual([]);
  });
});

describe('http_request runner', () => {
  it('renders the request and maps a 2xx JSON response into variables', async () => {
    const { calls, result } = run(turnos, async () => ({
      status: 200,
      ok: true,
      body: { data: { turno: { fecha: '2026-05-04' }, centros: [{ nombre: 'CAPS 12' }] } },
    }));
    expect(await result).toEqual({
      port: 'success',
      set: {
        'vars.http_status': 200,
        'vars.turno_fecha': '2026-05-04',
        'vars.primer_centro': 'CAPS 12',
        'vars.sin_dato': null,
      },
    });
    expect(calls).toEqual([
      {
        organizationId: 'org-1',
        method: 'POST',
        url: 'https://turnos.salud.gob.ar/api/turnos?dni=30111222',
        headers: { Authorization: 'Bearer s3cr3t' },
        body: '{"dni":"30111222"}',
        timeoutMs: 5000,
        idempotencyKey: KEY,
      },
    ]);
  });

  it('sends no body with GET', async () => {
    const { calls, result } = run({ ...turnos, method: 'GET', responseMappings: [] }, async () => ({
      status: 204,
      ok: true,
      body: null,
    }));
    expect(await result).toEqual({ port: 'success', set: { 'vars.http_status': 204 } });
    expect(calls[0]?.body).toBeNull();
    // A GET changes nothing: no idempotency key to send.
    expect(calls[0]).not.toHaveProperty('idempotencyKey');
  });

  it('maps a JSON body that came back as text', async () => {
    const { result } = run(turnos, async () => ({
      status: 201,
      ok: true,
      body: '{"data":{"turno":{"fecha":"x"}}}',
    }));
    expect((await result).set?.['vars.turno_fecha']).toBe('x');
  });

  it('follows failure on a non-2xx status', async () => {
    const { result } = run(turnos, async () => ({
      status: 404,
      ok: false,
      body: { error: 'no encontrado' },
    }));
    expect(await result).toEqual({
      port: 'failure',
      set: { 'vars.http_status': 404, 'vars.http_error': 'HTTP 404' },
    });
  });

  it('follows failure when the activity fails', async () => {
    const { result } = run(turnos, async () => {
      throw new Error('timeout after 5000 ms');
    });
    expect(await result).toEqual({
      port: 'failure',
      set: { 'vars.http_status': null, 'vars.http_error': 'timeout after 5000 ms' },
    });
  });
});

describe('http_request compile', () => {
  it('compiles against the allow-list with its variables defined by the trigger', () => {
    const resources = testResources({ allowedHosts: ['turnos.salud.gob.ar'] });
    const config = {
      url: 'https://turnos.salud.gob.ar/api/turnos?dni={{input.dni}}',
      responseMappings: [{ variable: 'turno_fecha', path: 'data.turno.fecha' }],
    };
    const ok = compileSingleNode({ kind: 'http_request', config, resources, apiFields: ['dni'] });
    expect(ok.problems).toEqual([]);
    expect(ok.program?.variables).toEqual(
      expect.arrayContaining(['input.dni', 'vars.http_status', 'vars.turno_fecha', 'vars.http_error']),
    );
    const blocked = compileSingleNode({
      kind: 'http_request',
      config: { url: 'https://otro.example.com/' },
      resources,
    });
    expect(blocked.problems.map((p) => p.code)).toEqual(['HOST_NOT_ALLOWED']);
  });
});

const ok = async (): Promise<HttpRequestResult> => ({ status: 200, ok: true, body: null });

describe('http_request encodes each template for where it goes', () => {
  it('keeps an SMS body inside its JSON string: a value cannot add keys', async () => {
    const config = httpRequest.schema.parse({
      method: 'POST',
      url: 'https://api.gob.ar/mensajes',
      body: '{"texto":"{{input.sms}}","admin":false}',
    });
    const { calls, result } = run(config, ok, { sms: 'x","admin":true,"y":"' });
    await result;
    const sent = calls[0]?.body;
    expect(typeof sent).toBe('string');
    expect(JSON.parse(String(sent))).toEqual({ texto: 'x","admin":true,"y":"', admin: false });
  });

  it('writes a whole-value placeholder as a JSON value of its type, and escapes control characters', async () => {
    const config = httpRequest.schema.parse({
      method: 'POST',
      url: 'https://api.gob.ar/x',
      body: '{ "n": {{input.n}}, "lista": {{input.lista}}, "falta": {{input.nada}}, "t": "a {{input.t}} b" }',
    });
    const { calls, result } = run(config, ok, { n: 5, lista: [1, '2'], t: 'l\u00ednea\n"dos"' });
    await result;
    expect(JSON.parse(String(calls[0]?.body))).toEqual({
      n: 5,
      lista: [1, '2'],
      falta: null,
      t: 'a l\u00ednea\n"dos" b',
    });
  });

  it('percent-encodes placeholders in the path and query, so a value cannot add parameters', async () => {
    const config = httpRequest.schema.parse({
      url: 'https://api.gob.ar/personas/{{input.id}}?dni={{input.dni}}&x=1',
    });
    const { calls, result } = run(config, ok, { id: '../admin', dni: '1&admin=true#' });
    await result;
    expect(calls[0]?.url).toBe('https://api.gob.ar/personas/..%2Fadmin?dni=1%26admin%3Dtrue%23&x=1');
  });

  it('keeps a base URL from a leading variable as it is (the activity checks it) and encodes the rest', async () => {
    const config = httpRequest.schema.parse({ url: '{{input.base}}/turnos?q={{input.q}}' });
    const { calls, result } = run(config, ok, { base: 'https://api.gob.ar', q: 'a b' });
    await result;
    expect(calls[0]?.url).toBe('https://api.gob.ar/turnos?q=a%20b');
  });

  it('strips CR/LF and other control characters from header values', async () => {
    const config = httpRequest.schema.parse({
      url: 'https://api.gob.ar/x',
      headers: [{ name: 'X-Vecino', value: 'Nombre {{input.nombre}}' }],
    });
    const { calls, result } = run(config, ok, { nombre: 'Ana\r\nX-Admin: true\u0000' });
    await result;
    expect(calls[0]?.headers).toEqual({ 'X-Vecino': 'Nombre AnaX-Admin: true' });
  });

  it('percent-encodes placeholders of a form body and leaves a text body as written', async () => {
    const form = httpRequest.schema.parse({
      method: 'POST',
      url: 'https://api.gob.ar/x',
      headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
      body: 'dni={{input.dni}}&ok=1',
    });
    const a = run(form, ok, { dni: '1&admin=1' });
    await a.result;
    expect(a.calls[0]?.body).toBe('dni=1%26admin%3D1&ok=1');
    const text = httpRequest.schema.parse({
      method: 'POST',
      url: 'https://api.gob.ar/x',
      body: 'Hola {{input.n}}',
    });
    const b = run(text, ok, { n: 'Ana' });
    await b.result;
    expect(b.calls[0]?.body).toBe('Hola Ana');
  });

  it('traces the request as sent', async () => {
    const { ctx, result } = run(turnos, ok);
    await result;
    expect(ctx.detail).toEqual({
      request: {
        method: 'POST',
        url: 'https://turnos.salud.gob.ar/api/turnos?dni=30111222',
        headers: { Authorization: 'Bearer s3cr3t' },
        body: '{"dni":"30111222"}',
      },
    });
  });
});

describe('http_request secrets', () => {
  const withSecret = httpRequest.schema.parse({
    method: 'POST',
    url: 'https://api.gob.ar/x?key={{secret.CLAVE_API}}&dni={{input.dni}}',
    headers: [{ name: 'Authorization', value: 'Bearer {{secret.TOKEN_TURNOS}}' }],
    body: '{"usuario":"cauce","clave":"{{secret.CLAVE}}","pin":{{secret.PIN}}}',
  });

  it('sends references for the activity to resolve and traces them masked', async () => {
    const { calls, ctx, result } = run(withSecret, ok);
    await result;
    expect(calls[0]).toMatchObject({
      url: ['https://api.gob.ar/x?key=', { secret: 'CLAVE_API', encoding: 'url' }, '&dni=30111222'],
      headers: { Authorization: ['Bearer ', { secret: 'TOKEN_TURNOS', encoding: 'header' }] },
      body: [
        '{"usuario":"cauce","clave":"',
        { secret: 'CLAVE', encoding: 'json-string' },
        '","pin":',
        { secret: 'PIN', encoding: 'json' },
        '}',
      ],
    });
    expect(ctx.detail).toMatchObject({
      request: {
        url: 'https://api.gob.ar/x?key={{secret.CLAVE_API}}&dni=30111222',
        headers: { Authorization: 'Bearer {{secret.TOKEN_TURNOS}}' },
      },
    });
  });

  it('does not take a secret reference from a variable value', async () => {
    const config = httpRequest.schema.parse({
      url: 'https://api.gob.ar/x',
      headers: [{ name: 'X-Texto', value: '{{input.sms}}' }],
    });
    const { calls, result } = run(config, ok, { sms: '{{secret.TOKEN_TURNOS}}' });
    await result;
    expect(calls[0]?.headers).toEqual({ 'X-Texto': '{{secret.TOKEN_TURNOS}}' });
  });

  function problems(config: Record<string, unknown>, secrets: string[] | null) {
    const c = httpRequest.schema.parse(config);
    return (
      httpRequest.validate?.(c, {
        nodeId: 'h',
        resources: testResources({ secrets: secrets === null ? null : new Set(secrets) }),
        triggerKind: null,
      }) ?? []
    ).map((p) => [p.code, p.field]);
  }

  it('refuses an unknown secret name at compile, when the organismo is known', () => {
    expect(problems(withSecret, ['CLAVE_API', 'TOKEN_TURNOS', 'CLAVE', 'PIN'])).toEqual([]);
    expect(problems(withSecret, ['CLAVE_API', 'CLAVE', 'PIN'])).toEqual([
      ['SECRET_MISSING', 'headers.0.value'],
    ]);
    expect(problems(withSecret, null)).toEqual([]);
  });

  it('refuses a secret in the host, the path or a JSON key, and a body that is not JSON', () => {
    expect(problems({ url: 'https://api.gob.ar/{{secret.T}}' }, ['T'])).toEqual([['INVALID_CONFIG', 'url']]);
    expect(problems({ url: 'https://{{secret.T}}.gob.ar/' }, ['T'])).toEqual([['INVALID_CONFIG', 'url']]);
    expect(problems({ method: 'POST', url: 'https://a.gob.ar/', body: '{"{{secret.T}}":1}' }, ['T'])).toEqual(
      [['INVALID_CONFIG', 'body']],
    );
    expect(problems({ method: 'POST', url: 'https://a.gob.ar/', body: '{"a":1,}' }, [])).toEqual([
      ['INVALID_CONFIG', 'body'],
    ]);
  });

  it('names the missing secret once per field, and says how to write a name', () => {
    const twice = { url: 'https://a.gob.ar/?a={{secret.X}}&b={{secret.X}}' };
    expect(problems(twice, [])).toEqual([['SECRET_MISSING', 'url']]);
    const config = httpRequest.schema.parse({
      url: 'https://a.gob.ar/',
      headers: [{ name: 'A', value: '{{secret.1x}}' }],
    });
    const [p] =
      httpRequest.validate?.(config, { nodeId: 'h', resources: testResources(), triggerKind: null }) ?? [];
    expect(p?.field).toBe('headers.0.value');
    expect(p?.message['es-AR']).toContain('{{secret.TOKEN_TURNOS}}');
  });

  it('does not count a secret as a variable the flow must define', () => {
    expect(httpRequest.references(withSecret)).toEqual([
      { field: 'url', paths: ['input.dni'] },
      { field: 'headers.0.value', paths: [] },
      { field: 'body', paths: [] },
    ]);
  });
});
