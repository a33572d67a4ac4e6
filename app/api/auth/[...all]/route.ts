import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/server/auth/auth';
import { routeHandler } from '@/server/http/route-handler';

export const dynamic = 'force-dynamic';

export const GET = routeHandler('api/auth', (request: Request) => toNextJsHandler(getAuth()).GET(request));

export const POST = routeHandler('api/auth', (request: Request) => toNextJsHandler(getAuth()).POST(request));
