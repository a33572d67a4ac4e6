'use client';

import { TRPCClientError } from '@trpc/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTRPCClient } from '@/components/trpc/client';
import { draftChanged } from './graph-change';
import { toFlowGraph } from './graph-convert';
import { isRecord } from './node-catalog';
import type { EditorStore } from './store/create-editor-store';
import { useEditorStoreApi } from './store/editor-store-provider';

const AUTOSAVE_DEBOUNCE_MS = 800;
export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error' | 'tooLarge';

/**
 * Saves the draft shortly after each change, carrying the revision it was based on. A refused stale
 * save (another tab or designer saved since) stops autosave: nothing is overwritten on the server.
 */
export function useAutosave(flowId: string, initialRevision: number, enabled: boolean) {
  const store = useEditorStoreApi();
  const client = useTRPCClient();
  const [status, setStatus] = useState<SaveStatus>('saved');
  const revision = useRef(initialRevision);
  const saved = useRef(keyOf(store));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const conflicted = useRef(false);

  const save = useCallback(async (): Promise<boolean> => {
    if (conflicted.current) return false;
    if (inFlight.current) await inFlight.current;
    const s = store.getState();
    const graph = toFlowGraph(s.nodes, s.edges, s.notes);
    const key = JSON.stringify(graph);
    if (key === saved.current) {
      setStatus('saved');
      return true;
    }
    setStatus('saving');
    const attempt = (async () => {
      try {
        const row = await client.flows.saveDraft.mutate({ flowId, graph, baseRevision: revision.current });
        revision.current = row.draftRevision;
        saved.current = key;
        setStatus(keyOf(store) === key ? 'saved' : 'dirty');
        return true;
      } catch (err) {
        if (appCodeOf(err) === 'DRAFT_CONFLICT') {
          conflicted.current = true;
          setStatus('conflict');
        } else setStatus(appCodeOf(err) === 'GRAPH_TOO_LARGE' ? 'tooLarge' : 'error');
        return false;
      }
    })();
    inFlight.current = attempt;
    const ok = await attempt;
    inFlight.current = null;
    return ok;
  }, [client, flowId, store]);

  useEffect(() => {
    if (!enabled) return;
    return store.subscribe((s, prev) => {
      // Measuring or selecting nodes is no edit: no "unsaved" flash, no serialising 1,000 nodes for nothing.
      if (!draftChanged(prev, s)) return;
      if (conflicted.current) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        // React Flow measuring nodes changes them without changing the flow: nothing to save then.
        if (keyOf(store) !== saved.current) void save();
        else setStatus((old) => (old === 'dirty' ? 'saved' : old));
      }, AUTOSAVE_DEBOUNCE_MS);
      setStatus((old) => (old === 'saving' ? old : 'dirty'));
    });
  }, [enabled, store, save]);

  /** Saves now (before publishing); resolves false when the save was refused. */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    return save();
  }, [save]);

  /** After a conflict: the server's draft replaces the local one, and autosave resumes from its revision. */
  const reload = useCallback(async () => {
    const flow = await client.flows.get.query({ flowId });
    store.getState().replaceGraph(flow.draft);
    revision.current = flow.draftRevision;
    saved.current = keyOf(store);
    conflicted.current = false;
    setStatus('saved');
  }, [client, flowId, store]);

  return { status, flush, reload, revision };
}

function keyOf(store: EditorStore): string {
  const s = store.getState();
  return JSON.stringify(toFlowGraph(s.nodes, s.edges, s.notes));
}

export function appCodeOf(err: unknown): string | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data: unknown = err.data;
  return isRecord(data) && typeof data.appCode === 'string' ? data.appCode : null;
}
