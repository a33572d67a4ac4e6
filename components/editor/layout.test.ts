import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { ivrMenu } from '@/workflows/dsl/templates/ivr-menu';
import { fromFlowGraph, toFlowGraph } from './graph-convert';
import { arrangeGraph, type LayoutEdge, type LayoutNode, layoutGraph, layoutInputOf } from './layout';
import { createEditorStore } from './store/create-editor-store';

/** A 30-node menu tree: a root, 4 options per menu, three levels, plus a shared tail every branch reaches. */
function tree(): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  const nodes: LayoutNode[] = [];
  const edges: LayoutEdge[] = [];
  const add = (id: string, ports: string[]) =>
    nodes.push({ id, width: 240, height: 64 + 18 * ports.length, ports });
  add('root', ['next']);
  add('menu', ['opt_1', 'opt_2', 'opt_3', 'opt_4']);
  edges.push({ id: 'e_root', source: 'root', sourcePort: 'next', target: 'menu' });
  for (let i = 1; i <= 4; i++) {
    const ports = ['opt_1', 'opt_2', 'opt_3', 'opt_4', 'no_input', 'invalid'];
    add(`sub_${i}`, ports);
    edges.push({ id: `e_menu_${i}`, source: 'menu', sourcePort: `opt_${i}`, target: `sub_${i}` });
    for (let j = 1; j <= ports.length; j++) {
      if (nodes.length >= 29) break;
      const leaf = `leaf_${i}_${j}`;
      add(leaf, ['next']);
      edges.push({ id: `e_${leaf}`, source: `sub_${i}`, sourcePort: ports[j - 1] ?? '', target: leaf });
      edges.push({ id: `e_${leaf}_end`, source: leaf, sourcePort: 'next', target: 'end' });
    }
  }
  add('end', []);
  return { nodes, edges };
}

const overlaps = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('layoutGraph', () => {
  it('places 30 nodes top-down without overlaps, each below the nodes that lead to it', async () => {
    const { nodes, edges } = tree();
    expect(nodes).toHaveLength(30);
    const positions = await layoutGraph(nodes, edges);
    expect([...positions.keys()].sort()).toEqual(nodes.map((n) => n.id).sort());
    const boxes = nodes.map((n) => {
      const p = positions.get(n.id);
      if (!p) throw new Error(`no position for ${n.id}`);
      return { id: n.id, x: p.x, y: p.y, w: n.width, h: n.height };
    });
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
    }
    const byId = new Map(boxes.map((b) => [b.id, b]));
    for (const e of edges) {
      const s = byId.get(e.source);
      const t = byId.get(e.target);
      expect(t && s && t.y >= s.y + s.h, `${e.target} below ${e.source}`).toBe(true);
    }
  });

  it("keeps a menu's options in port order from left to right", async () => {
    const { nodes, edges } = tree();
    const positions = await layoutGraph(nodes, edges);
    const xs = [1, 2, 3, 4].map((i) => positions.get(`sub_${i}`)?.x ?? Number.NaN);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(4);
  });

  it('does not mutate its input and ignores edges to nodes that are not there', async () => {
    const nodes: LayoutNode[] = [
      { id: 'a', width: 240, height: 80, ports: ['next'] },
      { id: 'b', width: 240, height: 80, ports: [] },
    ];
    const edges: LayoutEdge[] = [
      { id: 'ab', source: 'a', sourcePort: 'gone', target: 'b' },
      { id: 'ax', source: 'a', sourcePort: 'next', target: 'missing' },
    ];
    const copy = structuredClone({ nodes, edges });
    const positions = await layoutGraph(nodes, edges);
    expect({ nodes, edges }).toEqual(copy);
    expect((positions.get('b')?.y ?? 0) > (positions.get('a')?.y ?? 0)).toBe(true);
  });
});

describe('layoutGraph on a template', () => {
  it("ranks the IVR template's nodes in call order, with the menu's repeat loop on itself", async () => {
    const graph = ivrMenu({ queueId: 'q', areaId: 'a', scheduleId: 's' });
    const { nodes, edges } = fromFlowGraph(graph);
    const input = layoutInputOf(nodes, edges);
    const positions = await layoutGraph(input.nodes, input.edges);
    const y = (id: string) => positions.get(id)?.y ?? Number.NaN;
    const x = (id: string) => positions.get(id)?.x ?? Number.NaN;
    expect(y('inicio')).toBeLessThan(y('bienvenida'));
    expect(y('bienvenida')).toBeLessThan(y('horario'));
    expect(y('horario')).toBeLessThan(y('menu'));
    expect(y('menu')).toBeLessThan(y('cola'));
    expect(y('cola')).toBeLessThan(y('despedida'));
    // «1 · Información» is the menu's first port, «2 · Operador» its second.
    expect(x('informacion')).toBeLessThan(x('cola'));
  });
});

describe('arrangeGraph', () => {
  it('moves the nodes of the editor as one undo step', async () => {
    const graph: FlowGraph = {
      nodes: [
        { id: 'inicio', kind: 'trigger_incoming_call', position: { x: 500, y: 500 }, config: {} },
        { id: 'hola', kind: 'say', position: { x: 0, y: 0 }, config: { text: 'Hola' } },
        { id: 'fin', kind: 'hang_up', position: { x: 500, y: 0 }, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'hola' },
        { id: 'e2', source: 'hola', sourcePort: 'next', target: 'fin' },
      ],
      notes: [],
    };
    const store = createEditorStore(graph);
    expect(await arrangeGraph(store)).toBe(true);
    const arranged = toFlowGraph(store.getState().nodes, store.getState().edges, []);
    const y = (id: string) => arranged.nodes.find((n) => n.id === id)?.position.y ?? Number.NaN;
    expect(y('inicio')).toBeLessThan(y('hola'));
    expect(y('hola')).toBeLessThan(y('fin'));
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(toFlowGraph(store.getState().nodes, store.getState().edges, []).nodes).toEqual(graph.nodes);
  });
});
