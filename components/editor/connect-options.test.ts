import { describe, expect, it } from 'vitest';
import { ivrGraph } from '@/workflows/testing/graphs';
import { connectTargets, portOptions, repointTargets } from './connect-options';
import { fromFlowGraph } from './graph-convert';
import { createEditorStore } from './store/create-editor-store';

describe('keyboard connections', () => {
  const { nodes, edges } = fromFlowGraph(ivrGraph());
  const menu = nodes.find((n) => n.id === 'menu');
  if (!menu) throw new Error('no menu');

  it('lists the ports of a node with the node each one already leads to', () => {
    expect(portOptions(menu, edges, 'es-AR')).toEqual([
      { id: 'opt_1', label: '1 · Turnos', connectedTo: 'turnos' },
      { id: 'opt_9', label: '9 · Repetir', connectedTo: 'menu' },
      { id: 'no_input', label: 'Sin respuesta', connectedTo: 'chau' },
      { id: 'invalid', label: 'Opción inválida', connectedTo: 'chau' },
    ]);
  });

  it('offers the targets a drag could reach: no trigger, no taken port, a loop only on a node that waits', () => {
    const freed = edges.filter((e) => e.id !== 'e3' && e.id !== 'e2');
    // The menu waits for the caller, so its free port may lead back to itself.
    expect(connectTargets({ nodes, edges: freed }, 'menu', 'opt_1').map((n) => n.id)).toEqual([
      'hola',
      'menu',
      'turnos',
      'chau',
    ]);
    // «Decir» does not wait: no loop onto itself; and never into the trigger.
    expect(connectTargets({ nodes, edges: freed }, 'hola', 'next').map((n) => n.id)).toEqual([
      'menu',
      'turnos',
      'chau',
    ]);
    expect(connectTargets({ nodes, edges }, 'menu', 'opt_1')).toEqual([]);
    expect(connectTargets({ nodes, edges: freed }, 'menu', 'no_such_port')).toEqual([]);
  });
});

describe('re-pointing a connected port', () => {
  const { nodes, edges } = fromFlowGraph(ivrGraph());

  it('offers every node the port may lead to instead, but not the one it leads to now', () => {
    // «9 · Repetir» loops into the menu itself: it may go anywhere a new connection could.
    expect(repointTargets({ nodes, edges }, 'menu', 'opt_9').map((n) => n.id)).toEqual([
      'hola',
      'turnos',
      'chau',
    ]);
    expect(repointTargets({ nodes, edges }, 'hola', 'nope')).toEqual([]);
  });

  it('moves the edge (same id, same port) in one undo step, under the same rules as a drag', () => {
    const store = createEditorStore(ivrGraph());
    const before = store.getState().edges.find((e) => e.source === 'menu' && e.sourceHandle === 'opt_9');
    if (!before) throw new Error('no loop');
    expect(store.getState().reconnect(before.id, 'hola')).toBe(true);
    const moved = store.getState().edges.filter((e) => e.source === 'menu' && e.sourceHandle === 'opt_9');
    expect(moved).toEqual([expect.objectContaining({ id: before.id, target: 'hola' })]);
    // Into the trigger is refused as a drag would be; back to itself is allowed (the menu waits).
    expect(store.getState().reconnect(before.id, 'start')).toBe(false);
    store.getState().undo();
    expect(store.getState().edges.find((e) => e.id === before.id)?.target).toBe('menu');
  });
});
