import { TRPCError } from '@trpc/server';

export type Loaded<T> = { ok: true; data: T } | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' };

/** Runs a server-side procedure call for a page, turning access errors into something the page shows. */
export async function loadOrDeny<T>(fn: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof TRPCError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) {
      return { ok: false, code: err.code };
    }
    throw err;
  }
}
