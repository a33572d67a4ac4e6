import { randomUUID } from 'node:crypto';

// One id per request even when it brings none: the route wrapper and the handler read it apart.
const generated = new WeakMap<Headers, string>();

/** The caller's x-request-id (a proxy's), or a new one; every log line of the request carries it. */
export function requestIdFrom(h: Headers): string {
  const given = h.get('x-request-id');
  if (given && /^[\w.:-]{1,128}$/.test(given)) return given;
  let id = generated.get(h);
  if (!id) {
    id = randomUUID();
    generated.set(h, id);
  }
  return id;
}
