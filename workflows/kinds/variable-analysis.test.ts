import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowGraph, GraphEdge, GraphNode } from '../dsl/graph';
import type { CitizenField } from '../dsl/node-definition';
import { compileChain } from '../testing/compile-chain';
import { EMPTY_RESOURCES } from '../testing/graphs';
import { compile } from './compile';
import { availableVariables, factsOfGraph } from './variable-analysis';

const VARIABLE_CODES = new Set([
  'UNDEFINED_VARIABLE',
  'UNKNOWN_CONTACT_FIELD',
  'FILTER_TYPE_MISMATCH',
  'EMPTY_WITHOUT_FALLBACK',
  'UNKNOWN_FILTER',
]);

/** incoming call → lookup → (found) say `text`; the variable problems of the say node. */
function afterLookup(text: string, citizenFields: CitizenField[] = []) {
  const result = compileChain({
    trigger: { kind: 'trigger_incoming_call' },
    chain: [{ kind: 'lookup_citizen' }, { kind: 'say', config: { text }, via: 'found' }],
    citizenFields,
  });
  return result.problems
    .filter((p) => VARIABLE_CODES.has(p.code))
    .map((p) => ({ node: p.nodeId, field: p.field, code: p.code }));
}

const DOSE_DATE: CitizenField[] = [{ key: 'dose_date', type: 'date', label: 'Próxima dosis' }];

describe('variables after a citizen lookup', () => {
  it('reports a contact field the citizen does not have, on the node and field that reads it', () => {
    expect(afterLookup('María, su próximo turno es el {{contact.dose_date|fecha}}')).toEqual([
      { node: 'n2', field: 'text', code: 'UNKNOWN_CONTACT_FIELD' },
    ]);
    expect(afterLookup('Turno: {{contact.dosis_fecha}}')).toEqual([
      { node: 'n2', field: 'text', code: 'UNKNOWN_CONTACT_FIELD' },
    ]);
    expect(afterLookup('Hola {{vars.x|xyz}}').map((p) => p.code)).toEqual(['UNKNOWN_FILTER']);
  });

  it("knows the organismo's own fields, typed, and refuses a filter for another type", () => {
    expect(afterLookup('Hola {{contact.first_name}} {{contact.last_name}}')).toEqual([]);
    expect(afterLookup('Hola {{contact.first_name|fecha}}', DOSE_DATE)).toEqual([
      { node: 'n2', field: 'text', code: 'FILTER_TYPE_MISMATCH' },
    ]);
    expect(afterLookup('{{contact.dose_date|moneda}}', DOSE_DATE).map((p) => p.code)).toEqual([
      'FILTER_TYPE_MISMATCH',
      'EMPTY_WITHOUT_FALLBACK',
    ]);
    const numbers: CitizenField[] = [{ key: 'deuda', type: 'number' }];
    expect(afterLookup('Debe {{contact.deuda|moneda|default:"nada"}}', numbers)).toEqual([]);
    expect(afterLookup('Debe {{contact.deuda|fecha|default:"nada"}}', numbers).map((p) => p.code)).toEqual([
      'FILTER_TYPE_MISMATCH',
    ]);
  });

  it('never lets a field that may be empty leave a hole in speech without a fallback', () => {
    const spoken = 'María, su próximo turno es el {{contact.dose_date|fecha}}';
    expect(afterLookup(spoken, DOSE_DATE)).toEqual([
      { node: 'n2', field: 'text', code: 'EMPTY_WITHOUT_FALLBACK' },
    ]);
    expect(
      afterLookup('Su turno es el {{contact.dose_date|fecha|default:"que le vamos a avisar"}}', DOSE_DATE),
    ).toEqual([]);
    // A fallback on one of two uses leaves the other as a hole.
    expect(
      afterLookup('{{contact.locality|default:"su ciudad"}} y {{contact.locality}}').map((p) => p.code),
    ).toEqual(['EMPTY_WITHOUT_FALLBACK']);
    // An empty fallback is no fallback.
    expect(afterLookup('En {{contact.locality|default:""}}').map((p) => p.code)).toEqual([
      'EMPTY_WITHOUT_FALLBACK',
    ]);
  });

  it('takes a split on «está vacío» as the fallback on the branch where the value is there', () => {
    const graph = (sayOnCase: string, sayOnElse: string): FlowGraph => ({
      nodes: [
        node('t', 'trigger_incoming_call', {}),
        node('l', 'lookup_citizen', {}),
        node('s', 'split', {
          cases: [
            {
              id: 'sin_fecha',
              label: 'Sin fecha',
              when: {
                match: 'all',
                conditions: [{ variable: 'contact.dose_date', operator: 'is_empty', value: '' }],
              },
            },
          ],
        }),
        node('case', 'say', { text: sayOnCase }),
        node('else', 'say', { text: sayOnElse }),
        node('nf', 'end', {}),
        node('end1', 'end', {}),
        node('end2', 'end', {}),
      ],
      edges: [
        edge('t', 'next', 'l'),
        edge('l', 'found', 's'),
        edge('l', 'not_found', 'nf'),
        edge('s', 'case_sin_fecha', 'case'),
        edge('s', 'else', 'else'),
        edge('case', 'next', 'end1'),
        edge('else', 'next', 'end2'),
      ],
      notes: [],
    });
    const problemsOf = (g: FlowGraph) =>
      compile({
        graph: g,
        flowId: 'f',
        versionId: 'v',
        organizationId: 'o',
        resources: { ...EMPTY_RESOURCES, citizenFields: DOSE_DATE },
      }).problems.map((p) => [p.nodeId, p.code]);
    expect(
      problemsOf(graph('Todavía no tiene turno.', 'Su turno es el {{contact.dose_date|fecha}}')),
    ).toEqual([]);
    expect(problemsOf(graph('Su turno es el {{contact.dose_date|fecha}}', 'Bien.'))).toEqual([
      ['case', 'EMPTY_WITHOUT_FALLBACK'],
    ]);
  });
});

describe('availableVariables', () => {
  it('offers what every path to the node defines, typed, with the contact fields after a lookup only', () => {
    const g: FlowGraph = {
      nodes: [
        node('t', 'trigger_incoming_call', {}),
        node('g', 'gather', { mode: 'collect', prompt: 'DNI', saveAs: 'dni' }),
        node('l', 'lookup_citizen', {}),
        node('found', 'say', { text: 'Hola' }),
        node('nf', 'say', { text: 'No' }),
      ],
      edges: [
        edge('t', 'next', 'g'),
        edge('g', 'collected', 'l'),
        edge('g', 'no_input', 'l'),
        edge('l', 'found', 'found'),
        edge('l', 'not_found', 'nf'),
      ],
      notes: [],
    };
    const { facts, offers } = factsOfGraph(g);
    const at = (id: string) => {
      const f = facts.get(id);
      if (!f) throw new Error(`${id} not reached`);
      return availableVariables(f, { offers, citizenFields: DOSE_DATE });
    };
    const paths = (id: string) => at(id).map((v) => v.path);
    // vars.dni is set on «collected» only: the lookup is also reached from «no_input».
    expect(paths('l')).not.toContain('vars.dni');
    expect(paths('l')).toEqual([
      'call.from',
      'call.sid',
      'call.to',
      'execution.channel',
      'execution.id',
      'execution.startedAt',
    ]);
    expect(paths('found')).toEqual(
      expect.arrayContaining(['contact.dni', 'contact.last_name', 'contact.locality', 'contact.dose_date']),
    );
    expect(paths('nf')).not.toContain('contact.first_name');
    expect(at('found').find((v) => v.path === 'contact.dose_date')).toEqual({
      path: 'contact.dose_date',
      type: 'date',
      maybeEmpty: true,
    });
    expect(at('found').find((v) => v.path === 'contact.first_name')).toEqual({
      path: 'contact.first_name',
      type: 'text',
      maybeEmpty: false,
    });
  });
});

describe('must-be-defined analysis, on random graphs', () => {
  const VARS = ['a', 'b'] as const;
  const ids = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
  const kindOf = fc.constantFrom('set_a', 'set_b', 'say', 'split');
  const ports: Record<string, string[]> = {
    set_a: ['next'],
    set_b: ['next'],
    say: ['next'],
    split: ['case_c', 'else'],
  };
  const configOf = (kind: string, text: string) => {
    if (kind === 'set_a' || kind === 'set_b')
      return { assignments: [{ name: kind.slice(4), operation: 'set', value: 'x', type: 'text' }] };
    if (kind === 'split')
      return {
        cases: [
          {
            id: 'c',
            label: 'C',
            when: {
              match: 'all',
              conditions: [{ variable: 'execution.id', operator: 'is_empty', value: '' }],
            },
          },
        ],
      };
    return { text };
  };
  const text = fc.constantFrom('Hola', '{{vars.a}}', '{{vars.b}}', '{{vars.a}} {{vars.b}}');
  const graphArb = fc
    .record({
      kinds: fc.array(kindOf, { minLength: ids.length, maxLength: ids.length }),
      texts: fc.array(text, { minLength: ids.length, maxLength: ids.length }),
      targets: fc.array(fc.option(fc.constantFrom(...ids), { nil: null }), { minLength: 20, maxLength: 20 }),
      first: fc.constantFrom(...ids),
    })
    .map(({ kinds, texts, targets, first }) => {
      const nodes: GraphNode[] = [node('t', 'trigger_incoming_call', {})];
      const edges: GraphEdge[] = [edge('t', 'next', first)];
      let k = 0;
      ids.forEach((id, i) => {
        const kind = kinds[i] ?? 'say';
        const realKind = kind.startsWith('set_') ? 'set_variables' : kind;
        nodes.push(node(id, realKind, configOf(kind, texts[i] ?? 'Hola')));
        for (const p of ports[kind] ?? []) {
          const target = targets[k++ % targets.length];
          if (target) edges.push(edge(id, p, target));
        }
      });
      return { graph: { nodes, edges, notes: [] } as FlowGraph, kinds };
    });

  it('reports every template reference exactly when some path from the trigger does not define it', () => {
    fc.assert(
      fc.property(graphArb, ({ graph, kinds }) => {
        const result = compile({
          graph,
          flowId: 'f',
          versionId: 'v',
          organizationId: 'o',
          resources: EMPTY_RESOURCES,
        });
        const reported = new Set(
          result.problems
            .filter((p) => p.code === 'UNDEFINED_VARIABLE')
            .map((p) => `${p.nodeId}:${p.message.en.match(/"(vars\.\w)"/)?.[1]}`),
        );
        const definer = (id: string, v: string) => kinds[ids.indexOf(id)] === `set_${v}`;
        const reachable = reach(graph, () => true);
        const expected = new Set<string>();
        for (const v of VARS) {
          // Reachable without passing a node that sets the variable: some path lacks it.
          const lacking = reach(graph, (id) => !definer(id, v));
          for (const n of graph.nodes) {
            if (!reachable.has(n.id) || n.kind !== 'say') continue;
            const t = JSON.stringify(n.config);
            if (t.includes(`vars.${v}`) && lacking.has(n.id)) expected.add(`${n.id}:vars.${v}`);
          }
        }
        expect([...reported].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 1500 },
    );
  });
});

/** Nodes reached from the trigger, expanding only through nodes `through` lets pass. */
function reach(graph: FlowGraph, through: (id: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const stack = ['t'];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    if (id !== 't' && !through(id)) continue;
    for (const e of graph.edges) if (e.source === id) stack.push(e.target);
  }
  return seen;
}

function node(id: string, kind: string, config: Record<string, unknown>): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}

function edge(source: string, sourcePort: string, target: string): GraphEdge {
  return { id: `${source}-${sourcePort}`, source, sourcePort, target };
}
