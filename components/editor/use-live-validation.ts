'use client';

import { useEffect } from 'react';
import { compile } from '@/workflows/kinds/compile';
import { compileResourcesOf, type EditorResources } from './compile-resources';
import { compiledGraphChanged } from './graph-change';
import { toFlowGraph } from './graph-convert';
import { useEditorStoreApi } from './store/editor-store-provider';

const VALIDATE_DEBOUNCE_MS = 200;
/** The first compile waits for an idle moment after the canvas painted, but never longer than this. */
const FIRST_VALIDATE_MAX_WAIT_MS = 1000;

/**
 * Runs the same compiler as publish, in the browser, shortly after each change of the graph. The
 * first run waits until the browser is idle: on a 1,000-node flow it would otherwise hold the canvas
 * back from painting and answering the pointer.
 */
export function useLiveValidation(flowId: string, resources: EditorResources, organizationId: string) {
  const store = useEditorStoreApi();
  useEffect(() => {
    const compileResources = compileResourcesOf(resources, flowId);
    const run = () => {
      const s = store.getState();
      const result = compile({
        graph: toFlowGraph(s.nodes, s.edges, s.notes),
        flowId,
        versionId: 'draft',
        organizationId,
        resources: compileResources,
      });
      s.setProblems(result.problems);
    };
    const cancelFirst = whenIdle(run, FIRST_VALIDATE_MAX_WAIT_MS);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((s, prev) => {
      if (!compiledGraphChanged(prev, s)) return;
      clearTimeout(timer);
      timer = setTimeout(run, VALIDATE_DEBOUNCE_MS);
    });
    return () => {
      cancelFirst();
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, flowId, resources, organizationId]);
}

/** Runs `work` once the browser is idle (or after `maxWaitMs`); returns a cancel function. */
function whenIdle(work: () => void, maxWaitMs: number): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(work, { timeout: maxWaitMs });
    return () => window.cancelIdleCallback(handle);
  }
  // Safari has no requestIdleCallback: after the next frame is as close as it gets.
  const timer = setTimeout(work, 50);
  return () => clearTimeout(timer);
}
