'use client';

import { useEffect } from 'react';
import { compile } from '@/workflows/dsl/compile';
import { compileResourcesOf, type EditorResources } from './compile-resources';
import { toFlowGraph } from './graph-convert';
import { useEditorStoreApi } from './store/editor-store-provider';

export const VALIDATE_DEBOUNCE_MS = 200;

/** Runs the same compiler as publish, in the browser, shortly after each change of the graph. */
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
    run();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.nodes === prev.nodes && s.edges === prev.edges) return;
      clearTimeout(timer);
      timer = setTimeout(run, VALIDATE_DEBOUNCE_MS);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, flowId, resources, organizationId]);
}
