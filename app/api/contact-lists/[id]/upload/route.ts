import { getDb } from '@/db';
import { sessionFromHeaders } from '@/server/api/callers/request-context';
import { routeHandler } from '@/server/http/route-handler';
import { handleListUpload } from '@/server/services/contact-lists/upload-request';

export const dynamic = 'force-dynamic';
// A 1,000,000-row list takes about a minute to write.
export const maxDuration = 300;

/** Streams a contact list file into the list the upload wizard created (campaign managers, admins). */
export const POST = routeHandler(
  'api/contact-lists/upload',
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    return handleListUpload(
      { db: getDb(), session: await sessionFromHeaders(request.headers) },
      { listId: id, request },
    );
  },
);
