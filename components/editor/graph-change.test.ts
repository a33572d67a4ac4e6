import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { compiledGraphChanged, draftChanged } from './graph-change';
import { fromFlowGraph } from './graph-convert';

const graph: FlowGraph = {
  nodes: [
    { id: 'inicio', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
    { id: 'hola', kind: 'say', position: { x: 0, y: 160 }, config: { text: 'Hola' } },
  ],
  edges: [{ id: 'e1', source: 'inicio', sourcePort: 'next', target: 'hola' }],
  notes: [],
};

describe('compiledGraphChanged', () => {
  const before = fromFlowGraph(graph);

  it('ignores what React Flow changes without changing the flow: sizes, selection, positions', () => {
    const measured = before.nodes.map((n) => ({ ...n, measured: { width: 240, height: 82 } }));
    const selected = measured.map((n) => (n.id === 'hola' ? { ...n, selected: true } : n));
    const moved = selected.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y } }));
    const edgeSelected = before.edges.map((e) => ({ ...e, selected: true }));
    expect(compiledGraphChanged(before, { nodes: moved, edges: edgeSelected })).toBe(false);
    expect(compiledGraphChanged(before, before)).toBe(false);
  });

  it('sees a new config, an added or removed node, and a rewired or new connection', () => {
    const edited = before.nodes.map((n) =>
      n.id === 'hola' ? { ...n, data: { ...n.data, config: { text: 'Chau' } } } : n,
    );
    expect(compiledGraphChanged(before, { ...before, nodes: edited })).toBe(true);
    expect(compiledGraphChanged(before, { ...before, nodes: before.nodes.slice(0, 1) })).toBe(true);
    const rewired = before.edges.map((e) => ({ ...e, target: 'inicio' }));
    expect(compiledGraphChanged(before, { ...before, edges: rewired })).toBe(true);
    expect(compiledGraphChanged(before, { ...before, edges: [] })).toBe(true);
    const renamed = before.nodes.map((n) => (n.id === 'hola' ? { ...n, id: 'saludo' } : n));
    expect(compiledGraphChanged(before, { ...before, nodes: renamed })).toBe(true);
  });
});

describe('draftChanged', () => {
  const before = { ...fromFlowGraph(graph), notes: [] };

  it('sees moves and notes on top of what the compiler sees, but not measuring or selecting', () => {
    const measured = before.nodes.map((n) => ({
      ...n,
      measured: { width: 240, height: 82 },
      selected: true,
    }));
    expect(draftChanged(before, { ...before, nodes: measured })).toBe(false);
    const moved = measured.map((n) => (n.id === 'hola' ? { ...n, position: { x: 10, y: 160 } } : n));
    expect(draftChanged(before, { ...before, nodes: moved })).toBe(true);
    expect(draftChanged(before, { ...before, notes: [] })).toBe(true);
    const edited = before.nodes.map((n) =>
      n.id === 'hola' ? { ...n, data: { ...n.data, label: 'Saludo' } } : n,
    );
    expect(draftChanged(before, { ...before, nodes: edited })).toBe(true);
  });
});
