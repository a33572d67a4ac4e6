import { applyNodeChanges } from '@xyflow/react';
import type { StateCreator } from 'zustand';
import { NOTE_SIZE, type NoteNode, newNoteId } from '../graph-convert';
import type { EditorState, NotesSlice } from './types';

export const createNotesSlice: StateCreator<EditorState, [], [], NotesSlice> = (set, get) => ({
  onNotesChange: (changes) => {
    if (changes.some((c) => c.type === 'remove')) get().record('delete');
    else if (changes.some((c) => c.type === 'position' && c.dragging)) get().record('move');
    else {
      // A resize is one step however long the handle is dragged.
      const resized = changes.find((c) => c.type === 'dimensions' && c.resizing);
      if (resized && 'id' in resized) get().record(`resize:${resized.id}`);
    }
    set((s) => ({ notes: applyNodeChanges(changes, s.notes) }));
  },
  addNote: (position) => {
    const s = get();
    const id = newNoteId(new Set([...s.nodes.map((n) => n.id), ...s.notes.map((n) => n.id)]));
    const note: NoteNode = {
      id,
      type: 'note',
      position,
      ...NOTE_SIZE,
      selected: true,
      data: { text: '' },
    };
    s.record();
    set({
      nodes: s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
      edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      notes: [...s.notes.map((n) => (n.selected ? { ...n, selected: false } : n)), note],
    });
    return id;
  },
  updateNote: (id, patch) => {
    const note = get().notes.find((n) => n.id === id);
    if (!note) return;
    get().record('text' in patch ? `note:${id}` : undefined);
    set((s) => ({
      notes: s.notes.map((n) => (n.id === id ? { ...n, data: { ...n.data, ...patch } } : n)),
    }));
  },
});
