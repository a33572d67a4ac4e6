import 'server-only';
import type { Database } from '@/db';
import type { SessionInfo } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { logger } from '@/server/logger';
import { importContactList, MAX_LIST_BYTES } from './import-list';
import { isUuid, LIST_WRITERS, listAccess, refuse } from './list-access';

/**
 * POST /api/contact-lists/{id}/upload: the file's bytes as the body (any content type), streamed
 * into the pending list the wizard created. Answers the list's counts once every row is written;
 * meanwhile contactLists.get shows processed_rows moving.
 */
export async function handleListUpload(
  deps: { db: Database; session: SessionInfo | null; maxBytes?: number },
  args: { listId: string; request: Request },
): Promise<Response> {
  const access = await listAccess(deps.db, deps.session, LIST_WRITERS);
  if (!access.ok) return access.response;
  if (!isUuid(args.listId)) return refuse(404, 'Contact list not found');
  const maxBytes = deps.maxBytes ?? MAX_LIST_BYTES;
  const declared = Number(args.request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return refuse(413, 'File too large', { code: 'FILE_TOO_LARGE', maxBytes });
  if (!args.request.body) return refuse(400, 'The file is the request body');
  try {
    const result = await importContactList(deps.db, {
      organizationId: access.organizationId,
      listId: args.listId,
      body: args.request.body,
      maxBytes,
    });
    logger.info({ ...result }, 'contact list imported');
    return Response.json(result, {
      status: result.error === 'FILE_TOO_LARGE' ? 413 : 200,
      headers: { 'cache-control': 'no-store' },
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return refuse(404, 'Contact list not found');
    if (err instanceof AppError && err.code === 'LIST_ALREADY_UPLOADED')
      return refuse(409, 'This list already has its file', { code: err.code });
    throw err;
  }
}
