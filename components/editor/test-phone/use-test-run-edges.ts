'use client';

import { useMemo } from 'react';
import type { FlowEdge } from '../graph-convert';
import { useEditorStore } from '../store/editor-store-provider';
import { visitedEdgeIds } from '../store/test-run-slice';

const VISITED_STYLE = { stroke: '#7c3aed', strokeWidth: 3 };

/** The edges the test run took, drawn thick and violet; it stays drawn after the run ends. */
export function useTestRunEdges(edges: FlowEdge[]): FlowEdge[] {
  const path = useEditorStore((s) => s.visitedPath);
  return useMemo(() => {
    if (path.length === 0) return edges;
    const visited = visitedEdgeIds(edges, path);
    return edges.map((e) =>
      visited.has(e.id)
        ? { ...e, style: { ...e.style, ...VISITED_STYLE }, className: 'test-run-visited', zIndex: 1 }
        : e,
    );
  }, [edges, path]);
}
