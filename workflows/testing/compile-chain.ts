import type { FlowGraph, GraphEdge, GraphNode } from '../dsl/graph';
import type { CompileResources } from '../dsl/node-definition';
import { type CompileResult, compile } from '../kinds/compile';
import { findNodeDefinition } from '../kinds/registry';

export type ChainLink = {
  kind: string;
  config?: Record<string, unknown>;
  /** The previous node's port that leads here (default 'next'). */
  via?: string;
};

/**
 * Compiles a trigger followed by a chain of nodes, each reached from the previous one's `via` port;
 * every other required port goes to its own `end` node. The smallest graph that shows the compiler
 * accepts (or refuses) a kind in a given kind of flow.
 */
export function compileChain(args: {
  trigger: ChainLink;
  chain: ChainLink[];
  queues?: string[];
  citizenFields?: CompileResources['citizenFields'];
}): CompileResult {
  const links = [args.trigger, ...args.chain];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  links.forEach((link, i) => {
    const id = `n${i}`;
    nodes.push({ id, kind: link.kind, position: { x: 0, y: i * 100 }, config: link.config ?? {} });
    if (i > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, sourcePort: link.via ?? 'next', target: id });
    const leadsOn = links[i + 1]?.via ?? (i + 1 < links.length ? 'next' : null);
    for (const p of requiredPorts(link)) {
      if (p === leadsOn) continue;
      nodes.push({ id: `${id}_end_${p}`, kind: 'end', position: { x: 200, y: i * 100 }, config: {} });
      edges.push({ id: `${id}_e_${p}`, source: id, sourcePort: p, target: `${id}_end_${p}` });
    }
  });
  const graph: FlowGraph = { nodes, edges, notes: [] };
  return compile({
    graph,
    flowId: 'flow-1',
    versionId: 'version-1',
    organizationId: 'org-1',
    resources: { ...resourcesWith(args.queues), citizenFields: args.citizenFields ?? [] },
  });
}

/** An organismo with these queues and nothing else. */
export function resourcesWith(queues: string[] = []): CompileResources {
  return {
    flowId: 'flow-1',
    queues: new Set(queues),
    areas: new Set(),
    schedules: new Set(),
    flows: new Map(),
    allowedHosts: null,
    secrets: null,
  };
}

function requiredPorts(link: ChainLink): string[] {
  const def = findNodeDefinition(link.kind);
  const parsed = def?.schema.safeParse(link.config ?? {});
  if (!def || !parsed?.success) return [];
  return def.ports(parsed.data).flatMap((p) => (p.required ? [p.id] : []));
}
