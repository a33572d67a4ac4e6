import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, testDb } from '@/scripts/test-setup/fixtures';
import { AppError } from '@/server/errors';
import { createOrgSecret } from '@/server/services/secrets/org-secrets';
import { httpRequest } from './http-request';
import { MAX_RESPONSE_BYTES, type SafeRequest, safeFetch } from './safe-fetch';

const db = testDb();
const hits: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let server: Server;
let base: string;

const get = (url: string, extra: Partial<SafeRequest> = {}): SafeRequest => ({
  method: 'GET',
  url,
  headers: {},
  body: null,
  timeoutMs: 5_000,
  ...extra,
});

async function refusal(run: () => Promise<unknown>): Promise<string> {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err instanceof AppError ? err.message : '';
}

describe('safeFetch refusals', () => {
  it('refuses hosts that are not on the allow-list, before resolving them', async () => {
    expect(await refusal(() => safeFetch(get('https://example.com/x'), { allowedHosts: [] }))).toMatch(
      /example\.com is not in this organismo's allowed hosts/,
    );
    expect(
      await refusal(() => safeFetch(get('https://evil.com/'), { allowedHosts: ['*.salud.gob.ar'] })),
    ).toMatch(/not in this organismo's allowed hosts/);
  });

  it.each([
    ['http://10.0.0.1/admin', 'private'],
    ['http://127.0.0.1:9/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[::1]:9/', 'loopback'],
    ['http://[::ffff:127.0.0.1]:9/', 'loopback'],
    ['http://[::ffff:0:7f00:1]:9/', 'loopback'],
    ['http://[64:ff9b:1::a9fe:a9fe]/', 'private'],
    ['http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/', 'private'],
    ['http://168.63.129.16/machine?comp=goalstate', 'cloud metadata'],
    ['http://100.64.1.1/', 'CGNAT'],
  ])('refuses %s even when the host is allowed (%s)', async (url, reason) => {
    const host = new URL(url).hostname;
    const message = await refusal(() => safeFetch(get(url), { allowedHosts: [host] }));
    expect(message).toContain(`a ${reason} address`);
  });

  it('refuses a name that resolves to loopback (localhost) without the test switch', async () => {
    expect(
      await refusal(() => safeFetch(get('http://localhost:9/'), { allowedHosts: ['localhost'] })),
    ).toMatch(/localhost resolves to .*, a loopback address/);
  });

  it('refuses other schemes and credentials in the URL', async () => {
    expect(await refusal(() => safeFetch(get('ftp://127.0.0.1/'), { allowedHosts: ['127.0.0.1'] }))).toMatch(
      /Only http and https/,
    );
    expect(await refusal(() => safeFetch(get('file:///etc/passwd'), { allowedHosts: [''] }))).toMatch(
      /Only http and https/,
    );
    expect(
      await refusal(() => safeFetch(get('http://u:p@127.0.0.1/'), { allowedHosts: ['127.0.0.1'] })),
    ).toMatch(/credentials/);
    expect(await refusal(() => safeFetch(get('not a url'), { allowedHosts: [] }))).toMatch(/is not a URL/);
  });
});

describe('safeFetch against a local server (CAUCE_HTTP_ALLOW_LOOPBACK=1)', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        if (req.url === '/json') {
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.end(JSON.stringify({ turno: { fecha: '2026-06-01', hora: '09:30' } }));
        } else if (req.url === '/echo') {
          res.setHeader('content-type', 'application/problem+json');
          res.statusCode = 422;
          res.end(JSON.stringify({ received: Buffer.concat(chunks).toString() }));
        } else if (req.url === '/redirect') {
          res.statusCode = 302;
          res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
          res.end('moved');
        } else if (req.url === '/big') {
          res.setHeader('content-type', 'text/plain');
          res.end('x'.repeat(MAX_RESPONSE_BYTES + 10));
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 2_000);
        } else {
          res.setHeader('content-type', 'text/plain');
          res.end('hola');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the test server has no TCP port');
    base = `http://127.0.0.1:${address.port}`;
    process.env.CAUCE_HTTP_ALLOW_LOOPBACK = '1';
  });
  afterEach(() => {
    hits.length = 0;
  });
  afterAll(async () => {
    delete process.env.CAUCE_HTTP_ALLOW_LOOPBACK;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeTestDb();
  });

  const allowed = { allowedHosts: ['127.0.0.1'] };

  it('GETs JSON and parses it', async () => {
    const res = await safeFetch(get(`${base}/json`, { headers: { Authorization: 'Bearer t' } }), allowed);
    expect(res).toEqual({ status: 200, ok: true, body: { turno: { fecha: '2026-06-01', hora: '09:30' } } });
    expect(hits[0]?.headers.authorization).toBe('Bearer t');
  });

  it('POSTs a body, keeps non-2xx as a response and parses +json types', async () => {
    const res = await safeFetch(
      get(`${base}/echo`, {
        method: 'POST',
        body: '{"dni":"30123456"}',
        headers: { 'Content-Type': 'application/json', Host: 'evil.internal', 'Content-Length': '1' },
      }),
      allowed,
    );
    expect(res).toEqual({ status: 422, ok: false, body: { received: '{"dni":"30123456"}' } });
    expect(hits[0]?.method).toBe('POST');
    // A flow cannot forge the Host header or the length.
    expect(hits[0]?.headers.host).toBe(new URL(base).host);
    expect(hits[0]?.headers['content-length']).toBe('18');
  });

  it('returns other content types as text', async () => {
    expect(await safeFetch(get(`${base}/plain`), allowed)).toEqual({ status: 200, ok: true, body: 'hola' });
  });

  it('does not follow redirects: the 3xx is the answer', async () => {
    const res = await safeFetch(get(`${base}/redirect`), allowed);
    expect(res).toEqual({ status: 302, ok: false, body: 'moved' });
    expect(hits.map((h) => h.url)).toEqual(['/redirect']);
  });

  it('stops reading past 1 MB', async () => {
    expect(await refusal(() => safeFetch(get(`${base}/big`), allowed))).toMatch(/larger than 1 MB/);
  });

  it('times out', async () => {
    const err = await safeFetch(get(`${base}/slow`, { timeoutMs: 200 }), allowed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(AppError);
    expect(String(err)).toMatch(/timed out after 200 ms/);
  });

  it("reads the organismo's allowed hosts from its settings", async () => {
    const withHosts = await createTenant(db, 'Http');
    const without = await createTenant(db, 'NoHttp');
    await db.insert(schema.organizationSettings).values({
      organizationId: withHosts.org.id,
      allowedHosts: ['127.0.0.1'],
    });
    const req = { ...get(`${base}/json`), organizationId: withHosts.org.id };
    expect(await httpRequest(db, req)).toMatchObject({ status: 200, ok: true });
    expect(await refusal(() => httpRequest(db, { ...req, organizationId: without.org.id }))).toMatch(
      /not in this organismo's allowed hosts/,
    );
    expect(hits).toHaveLength(1);
  });

  it('sends the step idempotency key on requests that change something, unless the flow set one', async () => {
    const tenant = await createTenant(db, 'HttpIdem');
    await db.insert(schema.organizationSettings).values({
      organizationId: tenant.org.id,
      allowedHosts: ['127.0.0.1'],
    });
    const post = {
      ...get(`${base}/echo`, { method: 'POST', body: '{}' }),
      organizationId: tenant.org.id,
      idempotencyKey: 'exec-1:http:0',
    };
    await httpRequest(db, post);
    await httpRequest(db, { ...post, headers: { 'idempotency-key': 'mine' } });
    expect(hits.map((h) => h.headers['idempotency-key'])).toEqual(['exec-1:http:0', 'mine']);
  });

  it('resolves secret references by the execution’s organismo, each encoded where it goes', async () => {
    const owner = await createTenant(db, 'HttpSecret');
    const other = await createTenant(db, 'HttpSecretOther');
    for (const t of [owner, other]) {
      await db
        .insert(schema.organizationSettings)
        .values({ organizationId: t.org.id, allowedHosts: ['127.0.0.1'] });
    }
    const actor = { organizationId: owner.org.id, userId: owner.members.admin.userId, requestId: 'r' };
    await createOrgSecret(db, actor, { name: 'CLAVE', value: 'a b&c="d"\r\nX-Admin: 1' });
    const request = (organizationId: string) => ({
      organizationId,
      method: 'POST' as const,
      url: [`${base}/echo?key=`, { secret: 'CLAVE', encoding: 'url' as const }],
      headers: { authorization: ['Bearer ', { secret: 'CLAVE', encoding: 'header' as const }] },
      body: ['{"clave":"', { secret: 'CLAVE', encoding: 'json-string' as const }, '"}'],
      timeoutMs: 5_000,
    });
    await httpRequest(db, request(owner.org.id));
    expect(hits).toHaveLength(1);
    expect(hits[0]?.url).toBe('/echo?key=a%20b%26c%3D%22d%22%0D%0AX-Admin%3A%201');
    expect(hits[0]?.headers.authorization).toBe('Bearer a b&c="d"X-Admin: 1');
    expect(hits[0]?.headers['x-admin']).toBeUndefined();
    expect(JSON.parse(hits[0]?.body ?? '')).toEqual({ clave: 'a b&c="d"\r\nX-Admin: 1' });

    // The same name in another organismo's execution does not resolve (to the owner's value or any).
    const err = await httpRequest(db, request(other.org.id)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'NOT_FOUND' });
    expect(String(err)).toMatch(/Secret CLAVE does not exist in this organismo/);
    // Nor does the other organismo's fixture secret name resolve for the owner.
    const foreign = await httpRequest(db, {
      ...request(owner.org.id),
      url: [`${base}/echo?key=`, { secret: other.secretName, encoding: 'url' as const }],
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(foreign).toMatchObject({ code: 'NOT_FOUND' });
    expect(hits).toHaveLength(1);
  });
});
