import { createHash, timingSafeEqual } from 'node:crypto';

/** The environment variable that switches the bench's routes on; unset they answer 404. */
export const BENCH_TOKEN_ENV = 'CAUCE_BENCH_TOKEN';
export const BENCH_TOKEN_HEADER = 'x-cauce-bench-token';
/**
 * Set only by the bench's own `next start` (scripts/bench/next-server.ts): with NODE_ENV=production
 * the token alone does not switch the routes on, so a token left in a real deployment's environment
 * opens nothing.
 */
export const BENCH_ALLOW_ENV = 'CAUCE_BENCH_ALLOW';

/** The token the routes answer to; none (a 404) when unset, or in production without CAUCE_BENCH_ALLOW=1. */
export function benchToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = env[BENCH_TOKEN_ENV];
  if (!token) return undefined;
  if (env.NODE_ENV === 'production' && env[BENCH_ALLOW_ENV] !== '1') return undefined;
  return token;
}

/** Whether the bench's routes exist at all in this process. */
export function benchEnabled(token: string | undefined = benchToken(process.env)): token is string {
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
  token: string | undefined = benchToken(process.env),
): boolean {
  return benchEnabled(token) && sameToken(given, token);
}
