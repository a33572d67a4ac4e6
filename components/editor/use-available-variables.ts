'use client';

import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowGraph } from '@/workflows/dsl/graph';
import type { CitizenField } from '@/workflows/dsl/node-definition';
import {
  type AvailableVariable,
  availableVariables,
  factsOfGraph,
} from '@/workflows/kinds/variable-analysis';
import { useEditorStore } from './store/editor-store-provider';

/**
 * The variables defined on every path from the trigger to the node, typed: the same analysis the
 * compiler checks templates with, so what the help offers never draws a problem. A node no path
 * reaches yet is offered what the trigger and the execution always have.
 */
export function useAvailableVariables(
  nodeId: string | undefined,
  citizenFields: readonly CitizenField[] = [],
): AvailableVariable[] {
  // Positions and selection do not change what is defined: read only kinds, configs and edges.
  const nodes = useEditorStore(useShallow((s) => s.nodes.map((n) => n.data)));
  const ids = useEditorStore(useShallow((s) => s.nodes.map((n) => n.id)));
  const edges = useEditorStore((s) => s.edges);
  const analysis = useMemo(() => {
    const graph: FlowGraph = {
      nodes: ids.flatMap((id, i) => {
        const data = nodes[i];
        return data ? [{ id, kind: data.kind, position: { x: 0, y: 0 }, config: data.config }] : [];
      }),
      edges: edges.map((e) => ({
        id: e.id,
        source: e.source,
        sourcePort: e.sourceHandle ?? '',
        target: e.target,
      })),
      notes: [],
    };
    return factsOfGraph(graph);
  }, [ids, nodes, edges]);
  return useMemo(() => {
    const facts = (nodeId ? analysis.facts.get(nodeId) : undefined) ?? new Set(['execution.*']);
    return availableVariables(facts, { citizenFields, offers: analysis.offers });
  }, [analysis, nodeId, citizenFields]);
}
