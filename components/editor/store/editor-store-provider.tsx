'use client';

import { createContext, type ReactNode, useContext, useState } from 'react';
import { useStore } from 'zustand';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { createEditorStore, type EditorStore } from './create-editor-store';
import type { EditorState } from './types';

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ graph, children }: { graph: FlowGraph; children: ReactNode }) {
  const [store] = useState(() => createEditorStore(graph));
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore outside EditorStoreProvider');
  return store;
}

/** Read with a selector (and useShallow for objects) so a component re-renders only for what it shows. */
export function useEditorStore<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
