import 'server-only';
import { TRPCError } from '@trpc/server';
import type { Database } from '@/db';
import { createCaller } from '@/server/api/routers/root';
import { createContext, type SessionInfo } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { importNoLlame } from '@/server/services/compliance/no-llame-import';

const STATUS: Partial<Record<TRPCError['code'], number>> = {
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  CONFLICT: 409,
};

/**
 * POST /api/compliance/no-llame?registryDate=YYYY-MM-DD&fileName=…: the registry's file as the body,
 * streamed into the import. Only an admin may (the same check as the procedure it authorizes through).
 */
export async function uploadNoLlame(
  deps: { db: Database; session: SessionInfo | null; requestId: string },
  request: Request,
): Promise<Response> {
  const caller = createCaller(
    createContext({ db: deps.db, session: deps.session, requestId: deps.requestId }),
  );
  let actor: { organizationId: string; userId: string; requestId: string };
  try {
    actor = await caller.compliance.authorizeNoLlameImport();
  } catch (err) {
    if (err instanceof TRPCError)
      return Response.json({ error: err.code }, { status: STATUS[err.code] ?? 400 });
    throw err;
  }
  const url = new URL(request.url);
  if (!request.body) return Response.json({ error: 'EMPTY_FILE' }, { status: 400 });
  try {
    const result = await importNoLlame(deps.db, actor, {
      registryDate: url.searchParams.get('registryDate') ?? '',
      fileName: (url.searchParams.get('fileName') ?? '').slice(0, 200),
      source: request.body,
    });
    return Response.json(result, { status: 201 });
  } catch (err) {
    if (err instanceof AppError) {
      const code = err.toTRPC().code;
      return Response.json({ error: err.code, details: err.details }, { status: STATUS[code] ?? 400 });
    }
    throw err;
  }
}
