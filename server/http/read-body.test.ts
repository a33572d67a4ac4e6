import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { overrideEnv } from '@/scripts/test-setup/env';
import { readCappedBody } from './read-body';

/** A chunked request (no Content-Length) streaming `total` bytes of `fill` in 16 KB chunks. */
function chunkedRequest(url: string, total: number, fill = 'a'): Request {
  let sent = 0;
  const chunk = new TextEncoder().encode(fill.repeat(16 * 1024));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const part = chunk.subarray(0, Math.min(chunk.byteLength, total - sent));
      sent += part.byteLength;
      controller.enqueue(part);
    },
  });
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    duplex: 'half',
  };
  return new Request(url, init);
}

describe('readCappedBody', () => {
  it('reads a chunked body under the cap and stops one over it with a 413', async () => {
    const small = await readCappedBody(chunkedRequest('http://x/a', 40_000), 64 * 1024);
    expect(small.ok && small.bytes.byteLength).toBe(40_000);
    const big = await readCappedBody(chunkedRequest('http://x/a', 10 * 1024 * 1024), 64 * 1024);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.response.status).toBe(413);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const req = new Request('http://x/a', {
      method: 'POST',
      body: 'x'.repeat(100),
      headers: { 'content-length': '100' },
    });
    const res = await readCappedBody(req, 10);
    expect(res.ok).toBe(false);
  });
});

describe('every route kind answers 413 to an oversized chunked body', () => {
  const big = 1024 * 1024;
  let restore = () => {};
  // The recording route opens the database before its handler reads anything.
  beforeAll(() => {
    restore = overrideEnv({ DATABASE_URL: inject('databaseUrl') });
  });
  afterAll(() => restore());
  it.each([
    ['voice', () => import('@/app/api/twilio/voice/route')],
    ['gather', () => import('@/app/api/twilio/gather/route')],
    ['status', () => import('@/app/api/twilio/status/route')],
    ['sms', () => import('@/app/api/twilio/sms/route')],
    ['message-status', () => import('@/app/api/twilio/message-status/route')],
    ['recording', () => import('@/app/api/twilio/recording/route')],
  ] as const)('twilio %s', async (name, load) => {
    const { POST } = await load();
    const res = await POST(chunkedRequest(`http://localhost/api/twilio/${name}`, big));
    expect(res.status).toBe(413);
  });

  it('tRPC', async () => {
    const { POST } = await import('@/app/api/trpc/[trpc]/route');
    const res = await POST(chunkedRequest('http://localhost/api/trpc/flows.saveDraft', 8 * 1024 * 1024, '{'));
    expect(res.status).toBe(413);
  });
});
