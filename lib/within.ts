export type Settled<T> =
  | { kind: 'value'; value: T }
  | { kind: 'error'; error: unknown }
  | { kind: 'timeout' };

/**
 * Waits for `promise` at most `ms`. The promise keeps running after a timeout (nothing cancels
 * it); a late result or error is dropped here, so the caller must not need it.
 */
export async function within<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Settled<T> => ({ kind: 'value', value }),
        (error: unknown): Settled<T> => ({ kind: 'error', error }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
