import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { diffGraphs, isEmptyDiff, markOf, stableJson } from './diff';

const base: FlowGraph = {
  nodes: [
    { id: 'inicio', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'menu',
      kind: 'gather',
      position: { x: 0, y: 150 },
      config: { prompt: 'Marcá 1', options: [{ key: '1', label: 'Turnos' }] },
    },
    { id: 'hola', kind: 'say', position: { x: 0, y: 300 }, config: { text: 'Hola' } },
    { id: 'fin', kind: 'hang_up', position: { x: 0, y: 450 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', sourcePort: 'opt_1', target: 'hola' },
    { id: 'e3', source: 'hola', sourcePort: 'next', target: 'fin' },
  ],
  notes: [],
};

const clone = (): FlowGraph => structuredClone(base);

describe('diffGraphs', () => {
  it('finds nothing between a graph and itself, even with nodes moved, keys reordered and edges renamed', () => {
    const next = clone();
    for (const n of next.nodes) n.position = { x: n.position.x + 300, y: n.position.y * 2 };
    next.nodes[1] = {
      id: 'menu',
      kind: 'gather',
      position: { x: 9, y: 9 },
      config: { options: [{ label: 'Turnos', key: '1' }], prompt: 'Marcá 1' },
    };
    next.edges = next.edges.map((e) => ({ ...e, id: `otro_${e.id}` }));
    const diff = diffGraphs(base, next);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('reports added, removed and changed nodes by id, and connections by what they join', () => {
    const next = clone();
    next.nodes = next.nodes.filter((n) => n.id !== 'fin');
    next.nodes.push({ id: 'sms', kind: 'send_sms', position: { x: 0, y: 450 }, config: { body: 'Listo' } });
    const hola = next.nodes.find((n) => n.id === 'hola');
    if (hola) hola.config = { text: 'Hola, bienvenido' };
    next.edges = [
      { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', sourcePort: 'opt_1', target: 'hola' },
      { id: 'e3', source: 'hola', sourcePort: 'next', target: 'sms' },
    ];
    const diff = diffGraphs(base, next);
    expect(diff.added).toEqual(['sms']);
    expect(diff.removed).toEqual(['fin']);
    expect(diff.changed).toEqual(['hola']);
    expect(diff.changes).toEqual({ hola: ['config'] });
    // Same id, different target: the old connection is gone and a new one exists.
    expect(diff.edges).toEqual({ added: ['e3'], removed: ['e3'] });
    expect(markOf(diff, 'sms')).toBe('added');
    expect(markOf(diff, 'fin')).toBe('removed');
    expect(markOf(diff, 'hola')).toBe('changed');
    expect(markOf(diff, 'menu')).toBeNull();
  });

  it('says when a config change also changed the output ports, and notices a new label or kind', () => {
    const next = clone();
    next.nodes[1] = {
      id: 'menu',
      kind: 'gather',
      position: { x: 0, y: 150 },
      config: {
        prompt: 'Marcá 1',
        options: [
          { key: '1', label: 'Turnos' },
          { key: '2', label: 'Consultas' },
        ],
      },
    };
    next.nodes[2] = {
      id: 'hola',
      kind: 'say',
      label: 'Bienvenida',
      position: { x: 0, y: 300 },
      config: { text: 'Hola' },
    };
    next.nodes[3] = { id: 'fin', kind: 'end', position: { x: 0, y: 450 }, config: {} };
    const diff = diffGraphs(base, next);
    expect(diff.changes).toEqual({
      menu: ['config', 'ports'],
      hola: ['label'],
      fin: expect.arrayContaining(['kind']),
    });
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
  });
});

describe('stableJson', () => {
  it('sorts keys at every depth but keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
