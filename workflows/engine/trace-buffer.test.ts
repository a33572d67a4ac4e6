import { describe, expect, it } from 'vitest';
import type { EngineActivities } from '../../lib/contracts/engine-activities';
import { createTraceBuffer, TRACE_BATCH } from './trace-buffer';

type RecordTraceArgs = Parameters<EngineActivities['recordTrace']>[0];

function buffer(seq = 0) {
  const writes: RecordTraceArgs[] = [];
  const release: (() => void)[] = [];
  const trace = createTraceBuffer({
    recordTrace: (args) => {
      writes.push(args);
      return new Promise<void>((resolve) => release.push(resolve));
    },
    executionId: 'exec-1',
    organizationId: 'org-1',
    seq,
  });
  return { trace, writes, release };
}

const entry = (stepId: string) => ({
  stepId,
  kind: 'say',
  at: '2026-03-10T13:00:00.000Z',
  port: 'next',
  changed: {},
});

describe('the trace buffer', () => {
  it('numbers records on from the run it continues and says when a batch is full', () => {
    const { trace } = buffer(40);
    const full = Array.from({ length: TRACE_BATCH }, (_, i) => trace.add(entry(`s${i}`)));
    expect(full.indexOf(true)).toBe(TRACE_BATCH - 1);
    expect(trace.seq).toBe(40 + TRACE_BATCH);
    expect(trace.take().map((r) => r.seq)).toEqual(Array.from({ length: TRACE_BATCH }, (_, i) => 41 + i));
    expect(trace.take()).toEqual([]);
  });

  it('an awaited flush is the write itself; nothing buffered writes nothing', async () => {
    const { trace, writes, release } = buffer();
    await trace.flush(true);
    expect(writes).toEqual([]);
    trace.add(entry('a'));
    trace.add(entry('b'));
    let written = false;
    const flushed = trace.flush(true).then(() => {
      written = true;
    });
    expect(writes).toEqual([
      {
        executionId: 'exec-1',
        organizationId: 'org-1',
        records: [
          { seq: 1, ...entry('a') },
          { seq: 2, ...entry('b') },
        ],
      },
    ]);
    await Promise.resolve();
    expect(written).toBe(false);
    release[0]?.();
    await flushed;
    expect(written).toBe(true);
    expect(trace.take()).toEqual([]);
  });

  it('a background flush returns at once and is settled with the tracked work, failures included', async () => {
    const { trace, writes, release } = buffer();
    trace.add(entry('a'));
    await trace.flush(false);
    expect(writes).toHaveLength(1);
    trace.track(Promise.reject(new Error('activity failed')));
    let settled = false;
    const settling = trace.settle().then((results) => {
      settled = true;
      return results;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    release[0]?.();
    expect((await settling).map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    // Settled work is not waited for again.
    expect(await trace.settle()).toEqual([]);
  });
});
