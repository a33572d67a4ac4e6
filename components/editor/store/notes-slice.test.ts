import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, parseFlowExport } from '@/server/services/flow-transfer/transfer';
import { type FlowGraph, ZFlowGraph } from '@/workflows/dsl/graph';
import { compile } from '@/workflows/kinds/compile';
import { EMPTY_RESOURCES, ivrGraph } from '@/workflows/testing/graphs';
import { copySelection, pasteFragment } from '../clipboard';
import { toFlowGraph } from '../graph-convert';
import { splitNodeChanges } from '../notes/use-canvas-notes';
import { createEditorStore } from './create-editor-store';

const withNote: FlowGraph = {
  ...ivrGraph(),
  notes: [{ id: 'aviso', position: { x: 300, y: 0 }, text: 'Pedir textos a Prensa', color: 'blue' }],
};
const saved = (store: ReturnType<typeof createEditorStore>) => {
  const s = store.getState();
  return toFlowGraph(s.nodes, s.edges, s.notes);
};

describe('notes slice', () => {
  it('adds a selected empty note, types into it as one undo step, and saves it with the graph', () => {
    const store = createEditorStore(ivrGraph());
    store.getState().select(['menu']);
    const id = store.getState().addNote({ x: 10.4, y: 20.6 });
    expect(id).toBe('nota_1');
    expect(store.getState().nodes.some((n) => n.selected)).toBe(false);
    for (const text of ['L', 'Lla', 'Llamar a Juan']) store.getState().updateNote(id, { text });
    store.getState().updateNote(id, { color: 'green' });
    expect(saved(store).notes).toEqual([
      {
        id: 'nota_1',
        position: { x: 10, y: 21 },
        text: 'Llamar a Juan',
        width: 220,
        height: 140,
        color: 'green',
      },
    ]);
    // add, typing, colour: three steps.
    expect(store.getState().past).toHaveLength(3);
    store.getState().undo();
    expect(saved(store).notes[0]?.color).toBeUndefined();
    store.getState().undo();
    expect(saved(store).notes[0]?.text).toBe('');
    store.getState().undo();
    expect(saved(store).notes).toEqual([]);
    store.getState().redo();
    store.getState().redo();
    expect(saved(store).notes[0]?.text).toBe('Llamar a Juan');
    expect(ZFlowGraph.safeParse(saved(store)).success).toBe(true);
  });

  it('moves and resizes a note through React Flow changes, each gesture one undo step', () => {
    const store = createEditorStore(withNote);
    const { onNotesChange } = store.getState();
    onNotesChange([{ type: 'position', id: 'aviso', position: { x: 350, y: 40 }, dragging: true }]);
    onNotesChange([{ type: 'position', id: 'aviso', position: { x: 360, y: 50 }, dragging: true }]);
    for (const width of [240, 280, 300]) {
      onNotesChange([
        {
          type: 'dimensions',
          id: 'aviso',
          dimensions: { width, height: 180 },
          resizing: true,
          setAttributes: true,
        },
      ]);
    }
    expect(saved(store).notes[0]).toMatchObject({ position: { x: 360, y: 50 }, width: 300, height: 180 });
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(saved(store).notes[0]).toMatchObject({ position: { x: 360, y: 50 }, width: 220, height: 140 });
    store.getState().undo();
    expect(saved(store)).toEqual({ ...withNote, notes: [{ ...withNote.notes[0], width: 220, height: 140 }] });
  });

  it('deletes selected notes with the selection, and React Flow measuring a note records nothing', () => {
    const store = createEditorStore(withNote);
    store
      .getState()
      .onNotesChange([{ type: 'dimensions', id: 'aviso', dimensions: { width: 220, height: 140 } }]);
    expect(store.getState().past).toHaveLength(0);
    store.getState().onNotesChange([{ type: 'select', id: 'aviso', selected: true }]);
    store.getState().deleteSelected();
    expect(saved(store).notes).toEqual([]);
    expect(saved(store).nodes).toHaveLength(withNote.nodes.length);
    store.getState().undo();
    expect(saved(store).notes.map((n) => n.text)).toEqual(['Pedir textos a Prensa']);
  });

  it('leaves the selection to a node added or searched for: a selected note is deselected', () => {
    const store = createEditorStore(withNote);
    store.getState().onNotesChange([{ type: 'select', id: 'aviso', selected: true }]);
    store.getState().addNode('say', { position: { x: 0, y: 500 } });
    expect(store.getState().notes.some((n) => n.selected)).toBe(false);
    store.getState().onNotesChange([{ type: 'select', id: 'aviso', selected: true }]);
    store.getState().select(['menu']);
    expect(store.getState().notes.some((n) => n.selected)).toBe(false);
  });

  it('renames a note whose id a node already uses, instead of breaking the canvas', () => {
    const store = createEditorStore({
      ...withNote,
      notes: [{ id: 'menu', position: { x: 0, y: 0 }, text: 'x' }],
    });
    expect(store.getState().notes.map((n) => n.id)).toEqual(['nota_1']);
  });

  it('sends React Flow changes for notes and nodes back to their own collections', () => {
    const split = splitNodeChanges(
      [
        { type: 'select', id: 'aviso', selected: true },
        { type: 'select', id: 'menu', selected: false },
        { type: 'remove', id: 'aviso' },
      ],
      new Set(['aviso']),
    );
    expect(split.notes.map((c) => c.type)).toEqual(['select', 'remove']);
    expect(split.nodes).toEqual([{ type: 'select', id: 'menu', selected: false }]);
  });
});

describe('paste into the store', () => {
  it('inserts a pasted fragment as one undo step, selected, with edges checked like drawn ones', () => {
    const source = createEditorStore(withNote);
    source.getState().select(['menu', 'turnos']);
    source.getState().onNotesChange([{ type: 'select', id: 'aviso', selected: true }]);
    const payload = copySelection(source.getState(), { copiedAt: 1, flowId: 'a' });
    if (!payload) throw new Error('nothing copied');

    const target = createEditorStore(ivrGraph());
    const s = target.getState();
    const { fragment } = pasteFragment(payload, {
      takenIds: new Set(s.nodes.map((n) => n.id)),
      takenEdgeIds: new Set(s.edges.map((e) => e.id)),
      at: { x: 500, y: 500 },
      nudge: 0,
    });
    // A foreign clipboard may carry an edge into a trigger: the store refuses it like a drawn one.
    target.getState().insertFragment({
      ...fragment,
      edges: [...fragment.edges, { id: 'bad', source: 'hang_up_1', sourcePort: 'x', target: 'start' }],
    });
    const after = target.getState();
    expect(after.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['gather_1', 'hang_up_1']);
    expect(after.notes.filter((n) => n.selected).map((n) => n.data.text)).toEqual(['Pedir textos a Prensa']);
    expect(after.edges.filter((e) => e.source === 'gather_1').map((e) => e.target)).toEqual([
      'hang_up_1',
      'gather_1',
    ]);
    expect(after.edges.some((e) => e.id === 'bad')).toBe(false);
    expect(after.past).toHaveLength(1);
    target.getState().undo();
    expect(saved(target)).toEqual(ivrGraph());
  });
});

describe('notes through save, export and import', () => {
  it('keep their text, place, size and colour, and the compiler never sees them', () => {
    const store = createEditorStore(withNote);
    store.getState().onNotesChange([
      {
        type: 'dimensions',
        id: 'aviso',
        dimensions: { width: 320, height: 200 },
        resizing: true,
        setAttributes: true,
      },
    ]);
    const graph = saved(store);
    const file = JSON.stringify({ format: EXPORT_FORMAT, formatVersion: 1, name: 'IVR', graph });
    const imported = parseFlowExport(file).graph;
    expect(imported.notes).toEqual([
      {
        id: 'aviso',
        position: { x: 300, y: 0 },
        text: 'Pedir textos a Prensa',
        width: 320,
        height: 200,
        color: 'blue',
      },
    ]);
    const reopened = createEditorStore(imported);
    expect(saved(reopened)).toEqual(graph);
    // A note is no node: the canvas's node list (what search and layout read) does not hold it,
    // and the compiled program is the same with or without notes.
    expect(reopened.getState().nodes.map((n) => n.id)).not.toContain('aviso');
    const programOf = (g: FlowGraph) =>
      compile({ graph: g, flowId: 'f', versionId: 'v', organizationId: 'o', resources: EMPTY_RESOURCES });
    const withNotes = programOf(imported);
    expect(withNotes.ok).toBe(true);
    expect(withNotes.program?.hash).toBe(programOf({ ...imported, notes: [] }).program?.hash);
  });
});
