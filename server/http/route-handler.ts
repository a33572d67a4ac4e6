import { settings } from '@/server/env';
import { logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';

/** What an unexpected failure says in production: its cause stays in the log, under the request id. */
export const ROUTE_INTERNAL_MESSAGE = 'Internal server error';

const WRAPPED = Symbol.for('cauce.routeHandler');

/**
 * The shell of every route handler under app/api: an error the handler did not answer itself is
 * logged with the request id and answered with a generic 500 that carries the id. In production the
 * body never includes the error (a driver's message holds SQL and its parameters); elsewhere it does,
 * to debug by.
 */
export function routeHandler(
  name: string,
  handler: (request: Request) => Promise<Response> | Response,
): (request: Request) => Promise<Response>;
export function routeHandler<C>(
  name: string,
  handler: (request: Request, context: C) => Promise<Response> | Response,
): (request: Request, context: C) => Promise<Response>;
export function routeHandler<C>(
  name: string,
  handler: (request: Request, context: C) => Promise<Response> | Response,
): (request: Request, context: C) => Promise<Response> {
  const wrapped = async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (err) {
      const requestId = requestIdFrom(request.headers);
      logger.error({ err, requestId, route: name }, 'route failed');
      const detail = inProduction() ? {} : { detail: String(err) };
      return Response.json(
        { error: 'internal_error', message: ROUTE_INTERNAL_MESSAGE, requestId, ...detail },
        { status: 500, headers: { 'x-request-id': requestId, 'cache-control': 'no-store' } },
      );
    }
  };
  Object.defineProperty(wrapped, WRAPPED, { value: name });
  return wrapped;
}

/** Unreadable settings mask too: the safe side. */
function inProduction(): boolean {
  try {
    return settings().NODE_ENV === 'production';
  } catch {
    return true;
  }
}

/** The name a route handler was wrapped under, or undefined for a bare one (the coverage test asks). */
export function routeHandlerName(fn: unknown): string | undefined {
  if (typeof fn !== 'function') return undefined;
  const name: unknown = Reflect.get(fn, WRAPPED);
  return typeof name === 'string' ? name : undefined;
}
