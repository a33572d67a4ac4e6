'use client';

import type { NodeChange } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import type { FlowNode, NoteNode } from '../graph-convert';
import { useEditorStore, useEditorStoreApi } from '../store/editor-store-provider';

type CanvasNode = FlowNode | NoteNode;

/**
 * The canvas draws notes and flow nodes together (notes first, so nodes sit on top of them); React
 * Flow reports changes for both in one list, which goes back to the two collections they came from.
 */
export function useCanvasNotes(nodes: FlowNode[], onNodesChange: (changes: NodeChange<FlowNode>[]) => void) {
  const store = useEditorStoreApi();
  const notes = useEditorStore((s) => s.notes);
  const all = useMemo<CanvasNode[]>(() => (notes.length > 0 ? [...notes, ...nodes] : nodes), [notes, nodes]);
  const onChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const s = store.getState();
      const split = splitNodeChanges(changes, new Set(s.notes.map((n) => n.id)));
      if (split.notes.length > 0) s.onNotesChange(split.notes);
      if (split.nodes.length > 0) onNodesChange(split.nodes);
    },
    [store, onNodesChange],
  );
  return { nodes: all, onNodesChange: onChange };
}

export function splitNodeChanges(
  changes: readonly NodeChange<CanvasNode>[],
  noteIds: ReadonlySet<string>,
): { notes: NodeChange<NoteNode>[]; nodes: NodeChange<FlowNode>[] } {
  const notes: NodeChange<NoteNode>[] = [];
  const nodes: NodeChange<FlowNode>[] = [];
  for (const c of changes) {
    if (c.type === 'add') {
      const item = c.item;
      if (item.type === 'note') notes.push({ ...c, item });
      else nodes.push({ ...c, item });
    } else if (c.type === 'replace') {
      const item = c.item;
      if (item.type === 'note') notes.push({ ...c, item });
      else nodes.push({ ...c, item });
    } else if (noteIds.has(c.id)) notes.push(c);
    else nodes.push(c);
  }
  return { notes, nodes };
}
