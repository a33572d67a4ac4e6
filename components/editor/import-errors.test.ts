import { describe, expect, it } from 'vitest';
import { parseFlowExport } from '@/server/services/flow-transfer/transfer';
import { importReasonOf } from './import-errors';

/** The reason the server gives for a refused file, exactly as transfer.ts words it. */
function reasonFor(text: string): string {
  try {
    parseFlowExport(text);
  } catch (err) {
    if (err instanceof Error) return err.message;
  }
  throw new Error('the file was accepted');
}

describe('importReasonOf', () => {
  it('recognises each reason the server gives for a refused file', () => {
    expect(importReasonOf(reasonFor('{nope'))).toEqual({ key: 'notJson', params: {} });
    expect(importReasonOf(reasonFor('{"format":"otro"}'))).toEqual({ key: 'notCauce', params: {} });
    expect(importReasonOf(reasonFor('{"format":"cauce.flow","__proto__":{}}'))).toEqual({
      key: 'forbiddenKey',
      params: { key: '__proto__' },
    });
    const unknownKind = JSON.stringify({
      format: 'cauce.flow',
      graph: {
        nodes: [{ id: 'a', kind: 'teletransportar', position: { x: 0, y: 0 }, config: {} }],
        edges: [],
      },
    });
    expect(importReasonOf(reasonFor(unknownKind))).toEqual({
      key: 'unknownKind',
      params: { kind: 'teletransportar' },
    });
    const badGraph = importReasonOf(reasonFor('{"format":"cauce.flow","graph":{"nodes":3}}'));
    expect(badGraph.key).toBe('invalidGraph');
    expect(badGraph.params.path).toBe('nodes');
  });

  it('keeps a reason it does not know, so the designer still sees it', () => {
    expect(importReasonOf('Something new')).toEqual({ key: 'unknown', params: { detail: 'Something new' } });
  });
});
