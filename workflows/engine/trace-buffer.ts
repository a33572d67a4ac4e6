import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type { TraceRecord } from '../../lib/contracts/execution';

/** Records written in one recordTrace activity once this many are buffered. */
export const TRACE_BATCH = 25;

export type TraceBuffer = ReturnType<typeof createTraceBuffer>;

/**
 * An execution's trace, buffered in the workflow and written in batches (when a batch is full and
 * before blocking waits; the closing activity takes the rest), and the background work the
 * execution must see settled before it closes or continues as new. Plain functions where a promise
 * is not needed: the SDK records a stack trace for every promise a workflow creates.
 */
export function createTraceBuffer(opts: {
  recordTrace: EngineActivities['recordTrace'];
  executionId: string;
  organizationId: string;
  /** The last sequence number written, carried over from the run this one continues. */
  seq: number;
}) {
  const pending: TraceRecord[] = [];
  const background: Promise<unknown>[] = [];
  let seq = opts.seq;

  return {
    get seq(): number {
      return seq;
    },

    /** Buffers one record under the next sequence number; true when a batch is ready to write. */
    add(entry: Omit<TraceRecord, 'seq'>): boolean {
      pending.push({ seq: ++seq, ...entry });
      return pending.length >= TRACE_BATCH;
    },

    /**
     * Writes what is buffered. Awaited before durable waits; in a call, in the background instead,
     * so that the write does not hold up the caller's next prompt.
     */
    flush(awaited: boolean): Promise<void> {
      if (pending.length === 0) return Promise.resolve();
      const p = opts.recordTrace({
        executionId: opts.executionId,
        organizationId: opts.organizationId,
        records: pending.splice(0),
      });
      if (!awaited) background.push(p);
      return awaited ? p : Promise.resolve();
    },

    /** Everything still buffered, for the closing write. */
    take(): TraceRecord[] {
      return pending.splice(0);
    },

    /** Work that must be done before the execution closes or continues as new. */
    track(work: Promise<unknown>): void {
      background.push(work);
    },

    /** Waits for the background work so far, failed or not. */
    settle(): Promise<PromiseSettledResult<unknown>[]> {
      return Promise.allSettled(background.splice(0));
    },
  };
}
