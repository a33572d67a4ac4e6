import 'server-only';
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { HttpRequestInput, HttpRequestResult } from '@/lib/contracts/engine-activities';
import { AppError } from '@/server/errors';
import { addressRefusal, hostAllowed, normalizeHost } from './address-policy';

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_TIMEOUT_MS = 25_000;

/** A request with every secret resolved: plain text only. */
export type SafeRequest = Omit<HttpRequestInput, 'organizationId' | 'url' | 'headers' | 'body'> & {
  url: string;
  headers: Record<string, string>;
  body: string | null;
};

// Set by the client from the URL and the body; a flow must not forge them.
const DROPPED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'upgrade']);

/**
 * An HTTP request on behalf of a flow, guarded against server-side request forgery: http(s) only,
 * the host must be on the organismo's allow-list, and every address it resolves to must be public
 * (the connection is pinned to the addresses checked, so DNS cannot change its answer in between).
 * Redirects are not followed: a 3xx is the response. The body is read up to 1 MB and parsed as
 * JSON when the server says it is JSON. Loopback is reachable only with
 * CAUCE_HTTP_ALLOW_LOOPBACK=1 outside production (tests). Refusals are AppErrors.
 */
export async function safeFetch(
  request: SafeRequest,
  policy: { allowedHosts: readonly string[] },
): Promise<HttpRequestResult> {
  const url = parseUrl(request.url);
  const host = normalizeHost(url.hostname);
  if (!hostAllowed(host, policy.allowedHosts)) {
    throw refused(`${host} is not in this organismo's allowed hosts (Settings → HTTP hosts)`);
  }
  const addresses = await resolve(host);
  const allowLoopback =
    process.env.CAUCE_HTTP_ALLOW_LOOPBACK === '1' && process.env.NODE_ENV !== 'production';
  for (const { address } of addresses) {
    const why = addressRefusal(address, { allowLoopback });
    if (why) throw refused(`${host} resolves to ${address}, a ${why} address that flows may not call`);
  }
  return send(url, request, addresses);
}

function parseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refused(`"${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refused(`Only http and https URLs can be called (got ${url.protocol.replace(':', '')})`);
  }
  if (url.username || url.password) throw refused('Put credentials in a header, not in the URL');
  return url;
}

async function resolve(host: string): Promise<LookupAddress[]> {
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family }];
  const addresses = await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} did not resolve`);
  return addresses;
}

function send(url: URL, request: SafeRequest, addresses: LookupAddress[]): Promise<HttpRequestResult> {
  const headers: Record<string, string> = { 'user-agent': 'Cauce/1 (+flow HTTP request)' };
  for (const [name, value] of Object.entries(request.headers)) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  const body = request.body === null ? null : Buffer.from(request.body, 'utf8');
  if (body) headers['content-length'] = String(body.length);
  const timeoutMs = Math.min(Math.max(request.timeoutMs, 1), MAX_TIMEOUT_MS);
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const first = addresses[0];
    if (options.all) callback(null, addresses);
    else if (first) callback(null, first.address, first.family);
    else callback(new Error('no address'), '');
  };

  return new Promise<HttpRequestResult>((resolvePromise, reject) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      if (controller.signal.aborted)
        reject(new Error(`${request.method} ${url.host} timed out after ${timeoutMs} ms`));
      else reject(err);
    };
    let req: http.ClientRequest;
    try {
      req = (url.protocol === 'https:' ? https : http).request(url, {
        method: request.method,
        headers,
        lookup: pinned,
        signal: controller.signal,
      });
    } catch (err) {
      // Invalid header names or values are thrown synchronously; retrying will not fix them.
      clearTimeout(timer);
      reject(new AppError('INVALID_INPUT', err instanceof Error ? err.message : String(err)));
      return;
    }
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          res.destroy();
          clearTimeout(timer);
          reject(refused(`The response of ${url.host} is larger than 1 MB`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        resolvePromise({
          status,
          ok: status >= 200 && status < 300,
          body: parseBody(text, res.headers['content-type']),
        });
      });
    });
    req.end(body ?? undefined);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    // A server that mislabels its body still gives the flow something to read.
    return text;
  }
}

function refused(message: string): AppError {
  return new AppError('INVALID_INPUT', message, { refusal: true });
}
