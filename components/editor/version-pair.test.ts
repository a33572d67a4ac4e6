import { describe, expect, it } from 'vitest';
import { DRAFT, defaultPair, isValidPair, sideOf, targetsFor } from './version-pair';

describe('version pair for comparisons', () => {
  it('proposes what the latest version changed, or the only version against the draft', () => {
    expect(defaultPair([1, 3, 2])).toEqual({ base: 2, target: 3 });
    expect(defaultPair([1])).toEqual({ base: 1, target: DRAFT });
    expect(defaultPair([])).toBeNull();
  });

  it('offers the draft and every other version as targets, newest first', () => {
    expect(targetsFor(2, [1, 2, 3])).toEqual([DRAFT, 3, 1]);
    expect(targetsFor(1, [1])).toEqual([DRAFT]);
  });

  it('accepts two different known sides and refuses the rest', () => {
    const versions = [1, 2, 3];
    expect(isValidPair({ base: 2, target: 3 }, versions)).toBe(true);
    expect(isValidPair({ base: 3, target: 1 }, versions)).toBe(true);
    expect(isValidPair({ base: 1, target: DRAFT }, versions)).toBe(true);
    expect(isValidPair({ base: 2, target: 2 }, versions)).toBe(false);
    expect(isValidPair({ base: DRAFT, target: 1 }, versions)).toBe(false);
    expect(isValidPair({ base: 4, target: 1 }, versions)).toBe(false);
    expect(isValidPair({ base: 1, target: 9 }, versions)).toBe(false);
  });

  it('reads select values back, refusing anything that is not a version number or the draft', () => {
    expect(sideOf('draft')).toBe(DRAFT);
    expect(sideOf('12')).toBe(12);
    for (const bad of ['0', '-1', '1.5', '', 'v2', '01', '1e3']) expect(sideOf(bad)).toBeNull();
  });
});
