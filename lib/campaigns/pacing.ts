/**
 * How the platform's send rate (one provider account's messages or calls per second) is split
 * between running campaigns: max-min fair, first between organismos, then between each organismo's
 * campaigns. A campaign never gets more than it asked for; what one does not use goes to the
 * others; a 500-contact campaign of one municipality gets as much as a 200,000-contact one of
 * another if both ask for it.
 */
export type RateDemand = { campaignId: string; organizationId: string; perSecond: number };

export function fairShares(capacity: number, demands: readonly RateDemand[]): Map<string, number> {
  const shares = new Map<string, number>();
  if (capacity <= 0 || demands.length === 0) {
    for (const d of demands) shares.set(d.campaignId, 0);
    return shares;
  }
  const byOrg = new Map<string, RateDemand[]>();
  for (const d of demands) byOrg.set(d.organizationId, [...(byOrg.get(d.organizationId) ?? []), d]);
  const orgIds = [...byOrg.keys()].sort();
  const orgDemand = new Map(orgIds.map((id) => [id, sum((byOrg.get(id) ?? []).map((d) => d.perSecond))]));
  const orgShare = waterFill(capacity, orgIds, (id) => orgDemand.get(id) ?? 0);
  for (const orgId of orgIds) {
    const campaigns = [...(byOrg.get(orgId) ?? [])].sort((a, b) => a.campaignId.localeCompare(b.campaignId));
    const within = waterFill(
      orgShare.get(orgId) ?? 0,
      campaigns.map((c) => c.campaignId),
      (id) => campaigns.find((c) => c.campaignId === id)?.perSecond ?? 0,
    );
    for (const [id, share] of within) shares.set(id, share);
  }
  return shares;
}

/** Max-min fair split of `capacity` between claimants with demands: the smallest are served first. */
function waterFill(
  capacity: number,
  ids: readonly string[],
  demandOf: (id: string) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  const pending = [...ids].sort((a, b) => demandOf(a) - demandOf(b) || a.localeCompare(b));
  let left = capacity;
  while (pending.length > 0) {
    const equal = left / pending.length;
    const id = pending.shift() as string;
    const give = Math.max(0, Math.min(demandOf(id), equal));
    out.set(id, give);
    left -= give;
  }
  return out;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * When each of `count` attempts may start, `ratePerSecond` apart from `startMs` on: spaced evenly,
 * so no 1 s window ever holds more than the rate (rounded up), inside a page or across pages.
 */
export function paceOffsets(count: number, ratePerSecond: number): number[] {
  if (ratePerSecond <= 0) return [];
  const gap = 1000 / ratePerSecond;
  return Array.from({ length: count }, (_, i) => i * gap);
}
