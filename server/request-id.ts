import { randomUUID } from 'node:crypto';

/** The caller's x-request-id (a proxy's), or a new one; every log line of the request carries it. */
export function requestIdFrom(h: Headers): string {
  const given = h.get('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}
