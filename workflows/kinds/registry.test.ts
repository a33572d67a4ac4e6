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

  it('has triggers offer only variables their own definitions cover, so the hints never name an undefined one', () => {
    const offering = NODE_DEFINITIONS.filter((d) => (d.offers ?? []).length > 0);
    expect(offering.map((d) => d.kind).sort()).toEqual(['trigger_incoming_call', 'trigger_incoming_message']);
    for (const def of offering) {
      expect(def.category).toBe('trigger');
      const defined = findNodeDefinition(def.kind)
        ?.defines(def.schema.parse({}))
        .filter((d) => d.port === '*')
        .flatMap((d) => d.variables);
      for (const variable of def.offers ?? []) {
        const covered = (defined ?? []).some(
          (d) => d === variable || (d.endsWith('.*') && variable.startsWith(d.slice(0, -1))),
        );
        expect(covered, `${def.kind} offers ${variable}`).toBe(true);
      }
    }
  });
});
