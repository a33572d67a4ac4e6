import { getDb } from '@/db';
import { uploadNoLlame } from '@/server/api/callers/no-llame-upload';
import { requestIdFrom, sessionFromHeaders } from '@/server/api/callers/request-context';
import { routeHandler } from '@/server/http/route-handler';

export const dynamic = 'force-dynamic';

/** An admin's upload of the national No Llame registry's list (the file is the body, streamed). */
export const POST = routeHandler('api/compliance/no-llame', async (request: Request) =>
  uploadNoLlame(
    {
      db: getDb(),
      session: await sessionFromHeaders(request.headers),
      requestId: requestIdFrom(request.headers),
    },
    request,
  ),
);
