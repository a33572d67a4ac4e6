import { describe, expect, it } from 'vitest';
import { findNodeDefinition, isNodeKind, NODE_DEFINITIONS } from './registry';

describe('the definitions registry', () => {
  it('lists each kind once and finds it by name', () => {
    const kinds = NODE_DEFINITIONS.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) {
      expect(isNodeKind(kind)).toBe(true);
      expect(findNodeDefinition(kind)?.kind).toBe(kind);
    }
  });

  it('knows no other kind, inherited names included', () => {
    for (const kind of ['no_such_kind', 'constructor', '__proto__', 'toString', '']) {
      expect(isNodeKind(kind)).toBe(false);
      expect(findNodeDefinition(kind)).toBeUndefined();
    }
  });
});
