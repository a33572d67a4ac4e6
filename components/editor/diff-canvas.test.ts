import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { diffCanvas, versionOnCanvas } from './diff-canvas';
import { fromFlowGraph, toFlowGraph } from './graph-convert';

const v1: FlowGraph = {
  nodes: [
    { id: 'inicio', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
    { id: 'hola', kind: 'say', position: { x: 0, y: 160 }, config: { text: 'Hola' } },
    { id: 'fin', kind: 'hang_up', position: { x: 0, y: 320 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'hola' },
    { id: 'e2', source: 'hola', sourcePort: 'next', target: 'fin' },
  ],
  notes: [],
};

describe('diffCanvas', () => {
  it('marks the draft, adds the removed nodes and connections as inert ghosts, and never saves them', () => {
    const draft = structuredClone(v1);
    draft.nodes = draft.nodes.filter((n) => n.id !== 'fin');
    draft.nodes.push({ id: 'end_1', kind: 'end', position: { x: 0, y: 320 }, config: {} });
    const hola = draft.nodes.find((n) => n.id === 'hola');
    if (hola) hola.config = { text: 'Hola de nuevo' };
    draft.edges = [draft.edges[0], { id: 'e3', source: 'hola', sourcePort: 'next', target: 'end_1' }].filter(
      (e) => e !== undefined,
    );
    const { nodes, edges } = fromFlowGraph(draft);
    const base = { version: 1, graph: v1 };
    const shown = diffCanvas(base, nodes, edges);
    const mark = (id: string) => shown.nodes.find((n) => n.id === id)?.data.diff;
    expect([mark('inicio'), mark('hola'), mark('end_1'), mark('fin')]).toEqual([
      undefined,
      'changed',
      'added',
      'removed',
    ]);
    const ghost = shown.nodes.find((n) => n.id === 'fin');
    expect(ghost).toMatchObject({
      draggable: false,
      selectable: false,
      deletable: false,
      connectable: false,
    });
    expect(shown.edges.map((e) => e.id).sort()).toEqual(['e1', 'e3', 'ghost:e2']);
    expect(shown.edges.find((e) => e.id === 'e3')?.style).toBeDefined();
    // The draft's own objects are untouched: what autosave reads has no marks and no ghosts.
    expect(toFlowGraph(nodes, edges, [])).toEqual({ ...draft, notes: [] });
    expect(nodes.some((n) => n.data.diff)).toBe(false);

    // A later edit keeps the same ghost objects, so the canvas does not measure them again.
    const again = diffCanvas(base, nodes.slice(), edges);
    expect(again.nodes.find((n) => n.id === 'fin')).toBe(ghost);
  });
});

describe('comparing two published versions', () => {
  it('shows the newer version read-only in place of the draft, marked against the older one', () => {
    const v2 = structuredClone(v1);
    v2.nodes = v2.nodes.filter((n) => n.id !== 'fin');
    v2.nodes.push({ id: 'end_1', kind: 'end', position: { x: 0, y: 320 }, config: {} });
    v2.edges = [
      { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'hola' },
      { id: 'e3', source: 'hola', sourcePort: 'next', target: 'end_1' },
    ];
    const target = { version: 2, graph: v2 };
    const version = versionOnCanvas(target);
    // Cached per version object: React Flow keeps its measurements of node objects it has seen.
    expect(versionOnCanvas(target)).toBe(version);
    expect(version.nodes.map((n) => n.id)).toEqual(['inicio', 'hola', 'end_1']);
    for (const n of version.nodes) {
      expect(n).toMatchObject({ draggable: false, selectable: false, connectable: false, deletable: false });
      expect(n.width).toBeGreaterThan(0);
      expect(n.height).toBeGreaterThan(0);
    }
    const shown = diffCanvas({ version: 1, graph: v1 }, version.nodes, version.edges);
    const mark = (id: string) => shown.nodes.find((n) => n.id === id)?.data.diff;
    expect([mark('inicio'), mark('hola'), mark('end_1'), mark('fin')]).toEqual([
      undefined,
      undefined,
      'added',
      'removed',
    ]);
    expect(shown.diff.edges).toEqual({ added: ['e3'], removed: ['e2'] });
    expect(shown.edges.map((e) => e.id)).toEqual(['e1', 'e3', 'ghost:e2']);
  });
});
