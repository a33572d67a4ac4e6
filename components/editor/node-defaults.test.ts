import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { compile } from '@/workflows/kinds/compile';
import { type KindDefinition, NODE_DEFINITIONS } from '@/workflows/kinds/registry';
import { EMPTY_RESOURCES } from '@/workflows/testing/graphs';
import { initialConfig } from './node-catalog';

const VARIABLE_CODES = new Set([
  'UNDEFINED_VARIABLE',
  'UNKNOWN_CONTACT_FIELD',
  'FILTER_TYPE_MISMATCH',
  'EMPTY_WITHOUT_FALLBACK',
  'UNKNOWN_FILTER',
  'BAD_FILTER_ARGUMENT',
]);

/**
 * Kinds that act on an identified citizen are dropped where they belong, after «Buscar ciudadano»
 * (found): right after a trigger their «needs a citizen first» problem is the true one.
 */
const AFTER_LOOKUP = new Set(['update_citizen']);

const triggers = NODE_DEFINITIONS.filter((d) => d.category === 'trigger');
const others = NODE_DEFINITIONS.filter((d) => d.category !== 'trigger');

/**
 * The starter config with its empty required texts written (an SMS's body, a prompt), as a designer's
 * first edit does: a config that does not parse would hide its defaults' variables from the check.
 */
function firstEdit(def: KindDefinition): Record<string, unknown> {
  const config = initialConfig(def);
  const parsed = def.schema.safeParse(config);
  if (parsed.success) return config;
  const edited = { ...config };
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    if (issue.path.length === 1 && typeof key === 'string' && edited[key] === '') edited[key] = 'Hola';
  }
  return edited;
}

describe('a node dropped from the palette', () => {
  it.each(triggers.map((t) => [t.kind, t] as const))(
    'after %s, every kind starts without a variable problem',
    (_kind, trigger) => {
      const found = others.flatMap((def) => {
        const graph: FlowGraph = {
          nodes: [
            { id: 't', kind: trigger.kind, position: { x: 0, y: 0 }, config: initialConfig(trigger) },
            { id: 'l', kind: 'lookup_citizen', position: { x: 0, y: 50 }, config: {} },
            { id: 'n', kind: def.kind, position: { x: 0, y: 100 }, config: firstEdit(def) },
          ],
          edges: AFTER_LOOKUP.has(def.kind)
            ? [
                { id: 'e0', source: 't', sourcePort: 'next', target: 'l' },
                { id: 'e1', source: 'l', sourcePort: 'found', target: 'n' },
              ]
            : [{ id: 'e', source: 't', sourcePort: 'next', target: 'n' }],
          notes: [],
        };
        const result = compile({
          graph,
          flowId: 'f',
          versionId: 'v',
          organizationId: 'o',
          resources: EMPTY_RESOURCES,
        });
        expect(def.schema.safeParse(graph.nodes[2]?.config).success, def.kind).toBe(true);
        return result.problems
          .filter((p) => VARIABLE_CODES.has(p.code))
          .map((p) => `${def.kind}.${p.field ?? ''}: ${p.message.en}`);
      });
      expect(found).toEqual([]);
    },
  );
});
