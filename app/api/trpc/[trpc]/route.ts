import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getDb } from '@/db';
import { requestIdFrom, sessionFromHeaders } from '@/server/api/callers/request-context';
import { appRouter } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { settings } from '@/server/env';
import { readCappedBody } from '@/server/http/read-body';
import { routeHandler } from '@/server/http/route-handler';

export const dynamic = 'force-dynamic';

const handler = routeHandler('api/trpc', async (incoming: Request) => {
  // Read before cappedRequest copies the headers, so the wrapper's log and tRPC's share one id.
  const requestId = requestIdFrom(incoming.headers);
  const req = await cappedRequest(incoming);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () =>
      createContext({ db: getDb(), session: await sessionFromHeaders(req.headers), requestId }),
    responseMeta: () => ({ headers: new Headers({ 'x-request-id': requestId }) }),
  });
});

/** The request with its body read under MAX_TRPC_BODY_BYTES (a 413 past it), so tRPC never buffers more. */
async function cappedRequest(req: Request): Promise<Request | Response> {
  if (!req.body) return req;
  const body = await readCappedBody(req, settings().MAX_TRPC_BODY_BYTES);
  if (!body.ok) return body.response;
  const headers = new Headers(req.headers);
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  return new Request(req.url, { method: req.method, headers, body: body.bytes, signal: req.signal });
}

export { handler as GET, handler as POST };
