import { AppError } from '@/server/errors';
import { type FlowGraph, GRAPH_LIMITS } from '@/workflows/dsl/graph';

/** The whole graph's JSON; an import file has the same cap (flow-transfer/transfer.ts). */
export const MAX_GRAPH_BYTES = GRAPH_LIMITS.graphBytes;

/**
 * What an import checks beyond the schema's counts, for every save: a node's config and the whole
 * graph stay under the same byte caps. Throws GRAPH_TOO_LARGE naming the node when one is at fault.
 */
export function checkGraphBounds(graph: FlowGraph): void {
  for (const node of graph.nodes) {
    if (JSON.stringify(node.config).length > GRAPH_LIMITS.configBytes) {
      throw new AppError('GRAPH_TOO_LARGE', `Node "${node.id}" is too large`, { nodeId: node.id });
    }
  }
  const bytes = JSON.stringify(graph).length;
  if (bytes > MAX_GRAPH_BYTES) {
    throw new AppError('GRAPH_TOO_LARGE', `The flow is larger than ${MAX_GRAPH_BYTES / 1_000_000} MB`, {
      bytes,
      maxBytes: MAX_GRAPH_BYTES,
    });
  }
}
