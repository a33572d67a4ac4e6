import { describe, expect, it } from 'vitest';
import { isLoop, LOOP_OFFSET, loopPath } from './loop-path';

describe('loop edges', () => {
  const at = { sourceX: 240, sourceY: 80, targetX: 0, targetY: 30 };

  it('draws a port into its own node, or back up to a node left of it, as a loop', () => {
    expect(isLoop({ source: 'menu', target: 'menu', ...at })).toBe(true);
    expect(isLoop({ source: 'b', target: 'a', sourceX: 240, sourceY: 400, targetX: 0, targetY: 30 })).toBe(
      true,
    );
    // A child below, or a node to the right: an ordinary curve.
    expect(isLoop({ source: 'a', target: 'b', sourceX: 240, sourceY: 80, targetX: 0, targetY: 300 })).toBe(
      false,
    );
    expect(isLoop({ source: 'a', target: 'b', sourceX: 240, sourceY: 80, targetX: 400, targetY: 30 })).toBe(
      false,
    );
  });

  it('runs outside the node: right of its port, above its top and left of its input', () => {
    const { path, labelX, labelY } = loopPath({ ...at, targetTop: 0 });
    const points = [...path.matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    const xs = points.map(([x]) => x ?? 0);
    const ys = points.map(([, y]) => y ?? 0);
    expect(path.startsWith('M 240,80')).toBe(true);
    expect(path.endsWith('L 0,30')).toBe(true);
    expect(Math.max(...xs)).toBe(240 + LOOP_OFFSET);
    expect(Math.min(...xs)).toBe(-LOOP_OFFSET);
    expect(Math.min(...ys)).toBe(-LOOP_OFFSET);
    // Its label (and the part easiest to click) sits on the run above the node.
    expect(labelY).toBe(-LOOP_OFFSET);
    expect(labelX).toBe(120);
  });
});
