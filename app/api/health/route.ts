import { NextResponse } from 'next/server';
import { logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';
import { healthFromEnv } from '@/server/services/health/health-from-env';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const requestId = requestIdFrom(request.headers);
  const report = await healthFromEnv();
  logger.info({ requestId, path: '/api/health', status: report.status }, 'health checked');
  return NextResponse.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'x-request-id': requestId, 'cache-control': 'no-store' },
  });
}
