import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairShares, paceOffsets, type RateDemand } from './pacing';

const demandsArb = fc.uniqueArray(
  fc.record({
    campaignId: fc.uuid(),
    organizationId: fc.constantFrom('org-a', 'org-b', 'org-c', 'org-d'),
    perSecond: fc.double({ min: 0.1, max: 2000, noNaN: true }),
  }),
  { minLength: 1, maxLength: 12, selector: (d) => d.campaignId },
);

describe('fairShares', () => {
  it('never hands out more than the capacity, nor more than a campaign asked for', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5000, noNaN: true }), demandsArb, (capacity, demands) => {
        const shares = fairShares(capacity, demands);
        const total = [...shares.values()].reduce((a, b) => a + b, 0);
        expect(total).toBeLessThanOrEqual(capacity + 1e-6);
        for (const d of demands)
          expect(shares.get(d.campaignId) ?? -1).toBeLessThanOrEqual(d.perSecond + 1e-9);
        for (const d of demands) expect(shares.get(d.campaignId) ?? -1).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is max-min fair between organismos: one that gets less than it asked gets at least as much as any other', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5000, noNaN: true }), demandsArb, (capacity, demands) => {
        const shares = fairShares(capacity, demands);
        const orgs = new Map<string, { got: number; asked: number }>();
        for (const d of demands) {
          const o = orgs.get(d.organizationId) ?? { got: 0, asked: 0 };
          orgs.set(d.organizationId, {
            got: o.got + (shares.get(d.campaignId) ?? 0),
            asked: o.asked + d.perSecond,
          });
        }
        const all = [...orgs.values()];
        for (const o of all) {
          if (o.got < o.asked - 1e-6)
            for (const other of all) expect(o.got).toBeGreaterThanOrEqual(other.got - 1e-6);
        }
        // Work-conserving: capacity is left over only when every demand is met.
        const total = all.reduce((a, o) => a + o.got, 0);
        const asked = all.reduce((a, o) => a + o.asked, 0);
        expect(total).toBeCloseTo(Math.min(capacity, asked), 5);
      }),
    );
  });

  it('a small campaign of one municipality is not starved by a large one of another', () => {
    const demands: RateDemand[] = [
      { campaignId: 'grande', organizationId: 'rosario', perSecond: 1000 },
      { campaignId: 'chica', organizationId: 'rafaela', perSecond: 20 },
    ];
    const shares = fairShares(100, demands);
    expect(shares.get('chica')).toBe(20);
    expect(shares.get('grande')).toBe(80);
    // Two organismos both asking for more than half split it evenly.
    const even = fairShares(100, [
      { campaignId: 'x', organizationId: 'a', perSecond: 500 },
      { campaignId: 'y', organizationId: 'b', perSecond: 500 },
      { campaignId: 'z', organizationId: 'b', perSecond: 500 },
    ]);
    expect(even.get('x')).toBe(50);
    expect(even.get('y')).toBe(25);
    expect(even.get('z')).toBe(25);
  });
});

describe('paceOffsets', () => {
  it('never puts more than the rate (rounded up) into any 1 s window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.double({ min: 0.5, max: 1000, noNaN: true }),
        (n, rate) => {
          const offsets = paceOffsets(n, rate);
          expect(offsets).toHaveLength(n);
          // Sliding window: the (k+ceil(rate))-th start is at least 1 s after the k-th.
          const cap = Math.ceil(rate);
          for (let i = cap; i < offsets.length; i++) {
            expect((offsets[i] ?? 0) - (offsets[i - cap] ?? 0)).toBeGreaterThanOrEqual(1000 - 1e-6);
          }
        },
      ),
    );
  });
});
