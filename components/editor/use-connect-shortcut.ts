'use client';

import { useEffect } from 'react';
import { useEditorStoreApi } from './store/editor-store-provider';

/** Alt+C (outside text fields) opens "Conectar…" for the one selected node that has outputs. */
export function useConnectShortcut(enabled: boolean) {
  const store = useEditorStoreApi();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== 'KeyC') return;
      if (
        e.target instanceof Element &&
        e.target.closest('input, textarea, select, [contenteditable="true"]')
      )
        return;
      const s = store.getState();
      const selected = s.nodes.filter((n) => n.selected);
      const node = selected.length === 1 ? selected[0] : undefined;
      // A node without outputs (Cortar, Fin) has nothing to connect.
      if (!node || node.data.ports.length === 0) return;
      e.preventDefault();
      s.setConnectingFrom(node.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, store]);
}
