import type { FlowGraph, GraphNode } from '../graph';

/** Organismo resources a template points at; empty when the organismo has none yet (the checklist says so). */
export type TemplateIds = { queueId: string; areaId: string; scheduleId: string };

export function node(
  id: string,
  kind: string,
  at: [number, number],
  config: Record<string, unknown> = {},
): GraphNode {
  return { id, kind, position: { x: at[0], y: at[1] }, config };
}

export function edges(list: [string, string, string][]): FlowGraph['edges'] {
  return list.map(([source, sourcePort, target]) => ({
    id: `${source}-${sourcePort}`,
    source,
    sourcePort,
    target,
  }));
}
