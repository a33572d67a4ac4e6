import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { boundsOf, freePosition, overlaps, type Rect } from './placement';
import { createEditorStore } from './store/create-editor-store';

const size = { width: 240, height: 100 };

describe('freePosition', () => {
  it('keeps the preferred spot when it is free', () => {
    const taken: Rect[] = [{ x: 0, y: 0, width: 240, height: 100 }];
    expect(freePosition({ preferred: { x: 0, y: 160 }, size, taken })).toEqual({ x: 0, y: 160 });
  });

  it('moves beside a sibling that sits where the new node would go, on the nearer side', () => {
    const taken: Rect[] = [
      { x: 0, y: 0, width: 240, height: 100 },
      { x: 0, y: 160, width: 240, height: 100 },
    ];
    expect(freePosition({ preferred: { x: 0, y: 160 }, size, taken })).toEqual({ x: 264, y: 160 });
    // A row of siblings to the right: the left side is nearer.
    taken.push({ x: 264, y: 160, width: 240, height: 100 }, { x: 528, y: 160, width: 240, height: 100 });
    expect(freePosition({ preferred: { x: 0, y: 160 }, size, taken })).toEqual({ x: -264, y: 160 });
  });

  const rect = fc.record({
    x: fc.integer({ min: -2000, max: 2000 }),
    y: fc.integer({ min: -2000, max: 2000 }),
    width: fc.integer({ min: 1, max: 600 }),
    height: fc.integer({ min: 1, max: 600 }),
  });

  it('never places the box on an existing one, whatever is on the canvas', () => {
    fc.assert(
      fc.property(
        fc.array(rect, { maxLength: 60 }),
        fc.record({ x: fc.integer({ min: -2000, max: 2000 }), y: fc.integer({ min: -2000, max: 2000 }) }),
        fc.record({ width: fc.integer({ min: 1, max: 600 }), height: fc.integer({ min: 1, max: 600 }) }),
        (taken, preferred, box) => {
          const at = freePosition({ preferred, size: box, taken });
          const placed = { ...at, ...box };
          expect(taken.filter((r) => overlaps(placed, r))).toEqual([]);
          // Same row as asked: only the x moves.
          expect(at.y).toBe(preferred.y);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the spot when the preferred one is free or next to it when not', () => {
    fc.assert(
      fc.property(fc.array(rect, { maxLength: 30 }), (taken) => {
        const preferred = { x: 0, y: 0 };
        const at = freePosition({ preferred, size, taken });
        const free = !taken.some((r) =>
          overlaps(
            { ...preferred, ...size },
            { ...r, x: r.x - 24, y: r.y - 24, width: r.width + 48, height: r.height + 48 },
          ),
        );
        if (free) expect(at).toEqual(preferred);
      }),
    );
  });

  it('bounds several boxes', () => {
    expect(
      boundsOf([
        { x: 10, y: 20, width: 5, height: 5 },
        { x: -5, y: 40, width: 10, height: 10 },
      ]),
    ).toEqual({ x: -5, y: 20, width: 20, height: 30 });
    expect(boundsOf([])).toBeNull();
  });
});

const graph: FlowGraph = {
  nodes: [
    { id: 'inicio', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'menu',
      kind: 'gather',
      position: { x: 0, y: 150 },
      config: {
        prompt: 'Marcá 1 o 2',
        options: [
          { key: '1', label: 'Turnos' },
          { key: '2', label: 'Consultas' },
        ],
      },
    },
    { id: 'turnos', kind: 'say', position: { x: 0, y: 310 }, config: { text: 'Turnos' } },
  ],
  edges: [
    { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', sourcePort: 'opt_1', target: 'turnos' },
  ],
  notes: [],
};

const boxOf = (n: { position: { x: number; y: number }; data: { ports: unknown[] } }): Rect => ({
  ...n.position,
  width: 240,
  height: 64 + 18 * n.data.ports.length,
});

describe('adding and pasting nodes', () => {
  it('adds a node after one that already has a child in free space beside that child', () => {
    const store = createEditorStore(graph);
    const id = store.getState().addNode('say', { after: 'menu' });
    const s = store.getState();
    const added = s.nodes.find((n) => n.id === id);
    if (!added) throw new Error('not added');
    expect(added.position.y).toBe(310);
    for (const other of s.nodes.filter((n) => n.id !== id)) {
      expect(overlaps(boxOf(added), boxOf(other)), other.id).toBe(false);
    }
    expect(s.edges).toContainEqual(
      expect.objectContaining({ source: 'menu', sourceHandle: 'opt_2', target: id }),
    );
  });

  it('keeps adding after the same node without stacking any two nodes', () => {
    const store = createEditorStore(graph);
    for (let i = 0; i < 6; i++) store.getState().addNode('say', { after: 'menu' });
    const boxes = store.getState().nodes.map(boxOf);
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
  });

  it('moves a paste that would land on existing nodes into free space, as one block', () => {
    const store = createEditorStore(graph);
    store.getState().insertFragment({
      nodes: [
        { id: 'a', kind: 'say', position: { x: 0, y: 150 }, config: { text: 'A' } },
        { id: 'b', kind: 'say', position: { x: 0, y: 300 }, config: { text: 'B' } },
      ],
      edges: [{ id: 'eab', source: 'a', sourcePort: 'next', target: 'b' }],
      notes: [],
    });
    const s = store.getState();
    const pasted = s.nodes.filter((n) => n.id === 'a' || n.id === 'b');
    const a = pasted.find((n) => n.id === 'a');
    const b = pasted.find((n) => n.id === 'b');
    expect(b && a ? b.position.y - a.position.y : null).toBe(150);
    for (const p of pasted)
      for (const other of s.nodes.filter((n) => n.id !== 'a' && n.id !== 'b'))
        expect(overlaps(boxOf(p), boxOf(other)), `${p.id} on ${other.id}`).toBe(false);
  });
});
