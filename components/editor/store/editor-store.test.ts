import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { problem } from '@/workflows/dsl/problems';
import { toFlowGraph } from '../graph-convert';
import { createEditorStore } from './create-editor-store';

const graph: FlowGraph = {
  nodes: [
    { id: 'inicio', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'menu',
      kind: 'gather',
      position: { x: 0, y: 150 },
      config: { prompt: 'Marcá 1', options: [{ key: '1', label: 'Turnos' }] },
    },
  ],
  edges: [{ id: 'e1', source: 'inicio', sourcePort: 'next', target: 'menu' }],
  notes: [],
};

const graphOf = (s: ReturnType<ReturnType<typeof createEditorStore>['getState']>) =>
  toFlowGraph(s.nodes, s.edges, s.notes);

describe('graph slice', () => {
  it('derives labelled ports from the config, even for a menu whose prompt is still empty', () => {
    const store = createEditorStore(graph);
    const menu = store.getState().nodes.find((n) => n.id === 'menu');
    expect(menu?.data.ports.map((p) => p.label['es-AR'])).toEqual([
      '1 · Turnos',
      'Sin respuesta',
      'Opción inválida',
    ]);
    const id = store.getState().addNode('gather', { position: { x: 0, y: 0 } });
    const added = store.getState().nodes.find((n) => n.id === id);
    expect(added?.data.ports.map((p) => p.id)).toEqual(['opt_1', 'no_input', 'invalid']);
  });

  it('adds a node after the selected one, connected from its first free port, and selects it', () => {
    const store = createEditorStore(graph);
    const id = store.getState().addNode('say', { after: 'menu' });
    const s = store.getState();
    expect(id).toBe('say_1');
    expect(s.edges).toContainEqual(
      expect.objectContaining({ source: 'menu', sourceHandle: 'opt_1', target: 'say_1' }),
    );
    expect(s.nodes.find((n) => n.id === 'say_1')?.position).toEqual({ x: 0, y: 310 });
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['say_1']);
  });

  it('refuses a second edge from a port, an edge into a trigger, and a loop on a node that does not wait', () => {
    const store = createEditorStore(graph);
    store.getState().addNode('say', { position: { x: 0, y: 300 } });
    const { connect } = store.getState();
    expect(connect({ source: 'inicio', sourceHandle: 'next', target: 'say_1', targetHandle: null })).toBe(
      false,
    );
    expect(connect({ source: 'say_1', sourceHandle: 'next', target: 'inicio', targetHandle: null })).toBe(
      false,
    );
    expect(connect({ source: 'say_1', sourceHandle: 'next', target: 'say_1', targetHandle: null })).toBe(
      false,
    );
    expect(connect({ source: 'say_1', sourceHandle: 'nope', target: 'menu', targetHandle: null })).toBe(
      false,
    );
    // A menu's "repeat" option may point back at the menu: it waits for the caller.
    expect(connect({ source: 'menu', sourceHandle: 'opt_1', target: 'menu', targetHandle: null })).toBe(true);
    expect(connect({ source: 'say_1', sourceHandle: 'next', target: 'menu', targetHandle: null })).toBe(true);
    expect(store.getState().edges).toHaveLength(3);
  });

  it('drops the edges of a port that a config change removed', () => {
    const store = createEditorStore(graph);
    store.getState().addNode('say', { after: 'menu' });
    store
      .getState()
      .updateConfig('menu', { prompt: 'Marcá 2', options: [{ key: '2', label: 'Operador' }] }, 'options');
    const s = store.getState();
    expect(s.nodes.find((n) => n.id === 'menu')?.data.ports[0]?.label['es-AR']).toBe('2 · Operador');
    expect(s.edges.some((e) => e.source === 'menu')).toBe(false);
  });

  it('deletes the selection with the edges that touch it', () => {
    const store = createEditorStore(graph);
    store.getState().select(['menu']);
    store.getState().deleteSelected();
    expect(graphOf(store.getState())).toEqual({ ...graph, nodes: [graph.nodes[0]], edges: [] });
  });
});

describe('history slice', () => {
  it('undoes and redoes an add, and a new change clears the redo stack', () => {
    const store = createEditorStore(graph);
    store.getState().addNode('say', { after: 'menu' });
    store.getState().undo();
    expect(graphOf(store.getState())).toEqual(graph);
    store.getState().redo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['inicio', 'menu', 'say_1']);
    store.getState().undo();
    store.getState().addNode('hang_up', { after: 'menu' });
    expect(store.getState().future).toEqual([]);
    store.getState().redo();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['inicio', 'menu', 'hang_up_1']);
  });

  it('coalesces typing in one field into one undo step', () => {
    const store = createEditorStore(graph);
    for (const prompt of ['M', 'Ma', 'Mar']) {
      store.getState().updateConfig('menu', { prompt, options: [{ key: '1', label: 'Turnos' }] }, 'prompt');
    }
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(graphOf(store.getState())).toEqual(graph);
  });

  it('starts empty after the graph is replaced (a reload from the server)', () => {
    const store = createEditorStore(graph);
    store.getState().addNode('say', { after: 'menu' });
    store.getState().replaceGraph(graph);
    expect(store.getState().past).toEqual([]);
    store.getState().undo();
    expect(graphOf(store.getState())).toEqual(graph);
  });
});

describe('selection and checklist slices', () => {
  it('a checklist click selects only the node and asks the inspector to focus the field', () => {
    const store = createEditorStore(graph);
    store.getState().select(['inicio']);
    store.getState().setPanel('versions');
    store.getState().focusProblem('menu', 'prompt');
    const s = store.getState();
    expect(s.panel).toBe('inspector');
    expect(s.focus).toEqual({ nodeId: 'menu', field: 'prompt' });
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['menu']);
    s.clearFocus();
    expect(store.getState().focus).toBeNull();
  });

  it('counts errors per node, ignoring warnings and flow-level problems', () => {
    const store = createEditorStore(graph);
    store
      .getState()
      .setProblems([
        problem('INVALID_CONFIG', { nodeId: 'menu', field: 'prompt', params: { detail: 'x' } }),
        problem('PORT_UNCONNECTED', { nodeId: 'menu', params: { port: 'x' } }),
        problem('UNREACHABLE', { nodeId: 'inicio', severity: 'warning' }),
        problem('NO_TRIGGER', { nodeId: null }),
      ]);
    expect(store.getState().errorsByNode).toEqual({ menu: 2 });
    expect(store.getState().problems).toHaveLength(4);
  });
});

describe('node names', () => {
  it('names a node in the graph, typing is one undo step, and a blank name goes back to the default', () => {
    const store = createEditorStore(graph);
    const { renameNode } = store.getState();
    renameNode('menu', 'M');
    renameNode('menu', 'Menú principal');
    expect(graphOf(store.getState()).nodes.find((n) => n.id === 'menu')?.label).toBe('Menú principal');
    // The name stays out of the settings: the compiled program never sees it.
    expect(store.getState().nodes.find((n) => n.id === 'menu')?.data.config).toEqual(graph.nodes[1]?.config);
    store.getState().undo();
    expect(graphOf(store.getState()).nodes.find((n) => n.id === 'menu')?.label).toBeUndefined();
    store.getState().redo();
    renameNode('menu', '   ');
    expect(graphOf(store.getState()).nodes.find((n) => n.id === 'menu')).not.toHaveProperty('label');
    store.getState().undo();
    expect(graphOf(store.getState()).nodes.find((n) => n.id === 'menu')?.label).toBe('Menú principal');
  });
});
