/** The draft as one side of a comparison (versions are numbers). */
export const DRAFT = 'draft';
export type Side = number | typeof DRAFT;
type Pair = { base: number; target: Side };

/**
 * What the compare form proposes first: what the latest version changed (previous → latest), or,
 * with a single version, that version against the draft. Null when nothing was published yet.
 */
export function defaultPair(versions: readonly number[]): Pair | null {
  const [latest, previous] = newestFirst(versions);
  if (latest === undefined) return null;
  return previous === undefined ? { base: latest, target: DRAFT } : { base: previous, target: latest };
}

/** The sides a base can be compared with: the draft, then every other version, newest first. */
export function targetsFor(base: number, versions: readonly number[]): Side[] {
  return [DRAFT, ...newestFirst(versions).filter((v) => v !== base)];
}

/** A pair the canvas can show: two different sides, each the draft or a published version. */
export function isValidPair(pair: { base: Side; target: Side }, versions: readonly number[]): pair is Pair {
  const known = new Set(versions);
  return (
    pair.base !== DRAFT &&
    known.has(pair.base) &&
    pair.base !== pair.target &&
    (pair.target === DRAFT || known.has(pair.target))
  );
}

/** A <select> value back to a side; null for anything else. */
export function sideOf(value: string): Side | null {
  if (value === DRAFT) return DRAFT;
  return /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}

function newestFirst(versions: readonly number[]): number[] {
  return [...new Set(versions)].sort((a, b) => b - a);
}
