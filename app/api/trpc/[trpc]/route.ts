import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getDb } from '@/db';
import { requestIdFrom, sessionFromHeaders } from '@/server/api/callers/request-context';
import { appRouter } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';

export const dynamic = 'force-dynamic';

function handler(req: Request) {
  const requestId = requestIdFrom(req.headers);
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () =>
      createContext({ db: getDb(), session: await sessionFromHeaders(req.headers), requestId }),
    responseMeta: () => ({ headers: new Headers({ 'x-request-id': requestId }) }),
  });
}

export { handler as GET, handler as POST };
