import { getDb } from '@/db';
import { sessionFromHeaders } from '@/server/api/callers/request-context';
import { routeHandler } from '@/server/http/route-handler';
import { errorReportResponse } from '@/server/services/contact-lists/error-report';

export const dynamic = 'force-dynamic';

/** The list's refused rows as CSV (row, column, value, why), in the reader's language. */
export const GET = routeHandler(
  'api/contact-lists/errors',
  async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
    const { id } = await params;
    return errorReportResponse(
      { db: getDb(), session: await sessionFromHeaders(request.headers) },
      { listId: id, request },
    );
  },
);
