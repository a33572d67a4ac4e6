import { createHash, timingSafeEqual } from 'node:crypto';

/** The environment variable that switches the bench's routes on; unset (always, in production) they answer 404. */
export const BENCH_TOKEN_ENV = 'CAUCE_BENCH_TOKEN';
export const BENCH_TOKEN_HEADER = 'x-cauce-bench-token';

/** Whether the bench's routes exist at all in this process. */
export function benchEnabled(token: string | undefined = process.env[BENCH_TOKEN_ENV]): token is string {
  return Boolean(token);
}

export function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  // Hashed first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A request to a bench route: allowed only while the bench token is set and the request carries it. */
export function benchRequestAllowed(
  given: string | null,
  token: string | undefined = process.env[BENCH_TOKEN_ENV],
): boolean {
  return benchEnabled(token) && sameToken(given, token);
}
