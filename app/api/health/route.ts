import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { sessionFromHeaders } from '@/server/api/callers/request-context';
import { routeHandler } from '@/server/http/route-handler';
import { logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';
import { healthForViewer } from '@/server/services/health/health-for-viewer';

export const dynamic = 'force-dynamic';

/** Liveness for anyone (status per part); driver errors, addresses and migration tags for admins only. */
export const GET = routeHandler('api/health', async (request: Request) => {
  const requestId = requestIdFrom(request.headers);
  // With PostgreSQL down there is no session to read: the public answer is all anyone gets.
  const session = await sessionFromHeaders(request.headers).catch(() => null);
  const { report } = await healthForViewer(getDb(), session);
  logger.info({ requestId, path: '/api/health', status: report.status }, 'health checked');
  return NextResponse.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'x-request-id': requestId, 'cache-control': 'no-store' },
  });
});
