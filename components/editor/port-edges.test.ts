import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { portsFor } from './graph-convert';
import { edgesForPorts, portsKey } from './port-edges';
import { createEditorStore } from './store/create-editor-store';

const menu = { prompt: 'Marcá 1', mode: 'menu', options: [{ key: '1', label: 'Turnos' }] };
const graph: FlowGraph = {
  nodes: [
    { id: 'inicio', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
    { id: 'menu', kind: 'gather', position: { x: 0, y: 150 }, config: menu },
    { id: 'turnos', kind: 'say', position: { x: 0, y: 300 }, config: { text: 'Turnos' } },
    { id: 'nada', kind: 'hang_up', position: { x: 300, y: 300 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'menu' },
    { id: 'e2', source: 'menu', sourcePort: 'opt_1', target: 'turnos' },
    { id: 'e3', source: 'menu', sourcePort: 'no_input', target: 'nada' },
  ],
  notes: [],
};

describe('edges when a node changes its ports', () => {
  it('removes the edges of ports that are gone and keeps every other one', () => {
    const store = createEditorStore(graph);
    const { edges } = store.getState();
    const collect = portsFor('gather', { ...menu, mode: 'collect' });
    const { kept, removed } = edgesForPorts('menu', collect, edges);
    expect(removed.map((e) => e.id)).toEqual(['e2']);
    expect(kept.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(portsKey(collect)).not.toBe(portsKey(portsFor('gather', menu)));
  });

  it('switching a menu to "ask for data" disconnects its options as one undo step, and says which', () => {
    const store = createEditorStore(graph);
    store.getState().updateConfig('menu', { ...menu, prompt: 'Marcá 1 o 2' }, 'prompt');
    const removed = store
      .getState()
      .updateConfig('menu', { ...menu, prompt: 'Marcá 1 o 2', mode: 'collect' }, 'mode');
    expect(removed.map((e) => [e.sourceHandle, e.target])).toEqual([['opt_1', 'turnos']]);
    const s = store.getState();
    expect(s.edges.map((e) => e.id)).toEqual(['e1', 'e3']);
    expect(s.nodes.find((n) => n.id === 'menu')?.data.ports.map((p) => p.id)).toEqual([
      'collected',
      'no_input',
      'invalid',
    ]);
    // One undo brings the menu and its connection back, and leaves the prompt edit made before.
    store.getState().undo();
    const back = store.getState();
    expect(back.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(back.nodes.find((n) => n.id === 'menu')?.data.config).toMatchObject({
      mode: 'menu',
      prompt: 'Marcá 1 o 2',
    });
  });

  it('returns nothing when no port goes away', () => {
    const store = createEditorStore(graph);
    expect(store.getState().updateConfig('menu', { ...menu, prompt: 'Otra' }, 'prompt')).toEqual([]);
    expect(store.getState().edges).toHaveLength(3);
  });
});
