import type { PortDef } from '@/workflows/dsl/node-definition';
import type { FlowEdge } from './graph-convert';

/**
 * A node's connections once its outputs are `ports` (a menu switched to "ask for data", an option
 * removed): those from a port that is gone are removed, every other edge is kept as it is.
 */
export function edgesForPorts(
  nodeId: string,
  ports: readonly PortDef[],
  edges: readonly FlowEdge[],
): { kept: FlowEdge[]; removed: FlowEdge[] } {
  const ids = new Set(ports.map((p) => p.id));
  const kept: FlowEdge[] = [];
  const removed: FlowEdge[] = [];
  for (const e of edges) (e.source !== nodeId || ids.has(e.sourceHandle ?? '') ? kept : removed).push(e);
  return { kept, removed };
}

/** A string that changes exactly when a node's output handles do: React Flow must measure them again. */
export function portsKey(ports: readonly PortDef[]): string {
  return ports.map((p) => p.id).join('\u0000');
}
