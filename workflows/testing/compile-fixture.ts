import type { FlowGraph } from '../dsl/graph';
import type { CompileResources } from '../dsl/node-definition';
import { type CompileResult, compile } from '../kinds/compile';
import { findNodeDefinition } from '../kinds/registry';

export function testResources(overrides: Partial<CompileResources> = {}): CompileResources {
  return {
    flowId: 'flow-1',
    queues: new Set(),
    areas: new Set(),
    schedules: new Set(),
    flows: new Map(),
    allowedHosts: null,
    secrets: null,
    ...overrides,
  };
}

/**
 * Compiles trigger_api → the node under test → one `end` per output port (all ports, so optional
 * ones are exercised too), the smallest graph that proves a kind is registered and valid.
 */
export function compileSingleNode(args: {
  kind: string;
  config: Record<string, unknown>;
  resources?: CompileResources;
  apiFields?: string[];
}): CompileResult {
  const def = findNodeDefinition(args.kind);
  if (!def) throw new Error(`${args.kind} is not registered`);
  const parsed = def.schema.safeParse(args.config);
  const ports = parsed.success ? def.ports(parsed.data) : [];
  const graph: FlowGraph = {
    nodes: [
      {
        id: 'start',
        kind: 'trigger_api',
        position: { x: 0, y: 0 },
        config: { fields: (args.apiFields ?? []).map((name) => ({ name, required: true })) },
      },
      { id: 'node_1', kind: args.kind, position: { x: 0, y: 100 }, config: args.config },
      ...ports.map((p, i) => ({
        id: `end_${p.id}`,
        kind: 'end',
        position: { x: i * 100, y: 200 },
        config: { outcome: p.id.toLowerCase().slice(0, 40) },
      })),
    ],
    edges: [
      { id: 'e_start', source: 'start', sourcePort: 'next', target: 'node_1' },
      ...ports.map((p) => ({ id: `e_${p.id}`, source: 'node_1', sourcePort: p.id, target: `end_${p.id}` })),
    ],
    notes: [],
  };
  return compile({
    graph,
    flowId: args.resources?.flowId ?? 'flow-1',
    versionId: 'version-1',
    organizationId: 'org-1',
    resources: args.resources ?? testResources(),
  });
}
