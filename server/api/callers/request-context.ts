import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getDb } from '@/db';
import { createCaller } from '@/server/api/routers/root';
import { createContext, type SessionInfo } from '@/server/api/trpc';
import { getAuth } from '@/server/auth/auth';
import { requestIdFrom } from '@/server/request-id';

/** The better-auth session of a request, reduced to what procedures need. */
export async function sessionFromHeaders(h: Headers): Promise<SessionInfo | null> {
  const result = await getAuth().api.getSession({ headers: h });
  if (!result) return null;
  const active = result.session.activeOrganizationId;
  return {
    id: result.session.id,
    userId: result.user.id,
    activeOrganizationId: typeof active === 'string' ? active : null,
  };
}

export { requestIdFrom };

/** The session of the page being rendered (memoised per request). */
export const getPageSession = cache(async () => sessionFromHeaders(await headers()));

/** A tRPC caller for server components: the same procedures, middleware and checks as the API. */
export const getServerCaller = cache(async () => {
  const h = await headers();
  return createCaller(
    createContext({ db: getDb(), session: await sessionFromHeaders(h), requestId: requestIdFrom(h) }),
  );
});
