/**
 * The branch a contact falls in: the same key always gets the same branch (a citizen who calls
 * twice hears the same variant), and keys spread over branches in proportion to their weights.
 */
export function pickBranch<B extends { id: string; weight: number }>(
  branches: readonly B[],
  key: string,
): B | null {
  const total = branches.reduce((sum, b) => sum + Math.max(0, b.weight), 0);
  if (total <= 0) return null;
  // The top of the hash range maps onto [0, total): uniform, unlike `hash % total` for small totals.
  const point = (hashKey(key) / 2 ** 32) * total;
  let cumulative = 0;
  for (const b of branches) {
    cumulative += Math.max(0, b.weight);
    if (point < cumulative) return b;
  }
  return branches.findLast((b) => b.weight > 0) ?? null;
}

/**
 * FNV-1a 32-bit over UTF-16 code units, then murmur3's finalizer: with FNV alone, keys that differ
 * only in their last digit (consecutive phone numbers) fell on the same side of a 50/50 split
 * nearly 9 times in 10.
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
