import 'server-only';

export type CappedBody = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; response: Response };

/**
 * Reads a request body as a stream and stops at `maxBytes`: a chunked body (no Content-Length)
 * or one whose Content-Length lies is cut off there, so a large body is never buffered whole.
 * Over the cap: `{ ok: false, response }` with a 413 the route returns as it is.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<CappedBody> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return { ok: false, response: tooLarge(request) };
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, response: tooLarge(request) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** The capped body as UTF-8 text (Twilio's forms, JSON). */
export async function readCappedText(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; text: string } | { ok: false; response: Response }> {
  const body = await readCappedBody(request, maxBytes);
  if (!body.ok) return body;
  return { ok: true, text: new TextDecoder().decode(body.bytes) };
}

function tooLarge(request: Request): Response {
  const requestId = request.headers.get('x-request-id');
  return new Response('Request body too large\n', {
    status: 413,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
  });
}
