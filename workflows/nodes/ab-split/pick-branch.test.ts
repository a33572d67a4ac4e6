import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey, pickBranch } from './pick-branch';

const ZBranches = fc
  .array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 10 })
  .filter((ws) => ws.some((w) => w > 0))
  .map((ws) => ws.map((weight, i) => ({ id: `b${i}`, weight })));

describe('pickBranch', () => {
  it('gives the same key the same branch', () => {
    fc.assert(
      fc.property(ZBranches, fc.string(), (branches, key) => {
        expect(pickBranch(branches, key)).toBe(pickBranch(branches, key));
      }),
    );
  });

  it('never picks a branch weighted 0', () => {
    fc.assert(
      fc.property(ZBranches, fc.string(), (branches, key) => {
        expect(pickBranch(branches, key)?.weight).toBeGreaterThan(0);
      }),
    );
  });

  it('returns null when no branch has weight', () => {
    expect(pickBranch([{ id: 'a', weight: 0 }], 'x')).toBeNull();
  });

  it('spreads 10,000 random keys within ±3 points of the weights', () => {
    fc.assert(
      fc.property(
        ZBranches,
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 24 }), { minLength: 10_000, maxLength: 10_000 }),
        (branches, keys) => {
          const total = branches.reduce((s, b) => s + b.weight, 0);
          const counts = new Map<string, number>();
          for (const key of keys) {
            const id = pickBranch(branches, key)?.id ?? 'none';
            counts.set(id, (counts.get(id) ?? 0) + 1);
          }
          for (const b of branches) {
            const share = ((counts.get(b.id) ?? 0) / keys.length) * 100;
            expect(Math.abs(share - (b.weight / total) * 100)).toBeLessThanOrEqual(3);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('spreads sequential phone numbers too (campaign audiences are often consecutive)', () => {
    const branches = [
      { id: 'a', weight: 70 },
      { id: 'b', weight: 30 },
    ];
    let a = 0;
    for (let i = 0; i < 10_000; i++) {
      if (pickBranch(branches, `flow-1:node_1:+54911${String(40_000_000 + i)}`)?.id === 'a') a++;
    }
    expect(Math.abs(a / 100 - 70)).toBeLessThanOrEqual(3);
  });

  it('sends keys that differ only in their last digit to independent branches', () => {
    const branches = [
      { id: 'a', weight: 50 },
      { id: 'b', weight: 50 },
    ];
    let groupsInOneBranch = 0;
    for (let prefix = 0; prefix < 1000; prefix++) {
      const ids = new Set<string | undefined>();
      for (let d = 0; d < 10; d++) ids.add(pickBranch(branches, `+54934240${prefix * 7919}${d}`)?.id);
      if (ids.size === 1) groupsInOneBranch++;
    }
    // Independent picks put all 10 in one branch with probability 2/1024.
    expect(groupsInOneBranch).toBeLessThan(20);
  });

  it('hashes to unsigned 32-bit integers', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const h = hashKey(key);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      }),
    );
    expect(hashKey('abc')).not.toBe(hashKey('abd'));
  });
});
