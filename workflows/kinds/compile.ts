import { type FlowProgram, IR_VERSION, type Step } from '../../lib/contracts/program';
import type { FlowGraph, GraphNode } from '../dsl/graph';
import { contentHash } from '../dsl/hash';
import type { CompileResources, Definitions, PortDef, Reference } from '../dsl/node-definition';
import { configIssueProblem, type Localized, type Problem, problem } from '../dsl/problems';
import { referenceProblems } from './reference-problems';
import { findNodeDefinition, type KindDefinition } from './registry';
import { reachingFacts, variableProblems } from './variable-analysis';

export type CompileInput = {
  graph: FlowGraph;
  flowId: string;
  versionId: string;
  organizationId: string;
  resources: CompileResources;
  /** SHA-256 hex of a string; the server passes Node's native one, the default is pure JS (browser, workflow). */
  sha256?: (text: string) => string;
};

export type CompileResult =
  | { ok: true; program: FlowProgram; problems: Problem[] }
  | { ok: false; program: null; problems: Problem[] };

type Checked = {
  node: GraphNode;
  def: KindDefinition;
  config: unknown;
  ports: PortDef[];
  /** Computed once: template references and variable definitions of the node. */
  refs: Reference[];
  defs: Definitions;
};

/**
 * graph → FlowProgram, or the problems that stop it. Never throws: every problem names the node
 * (and field) that caused it, in es-AR and en, so the canvas can show it where it belongs.
 */
export function compile(input: CompileInput): CompileResult {
  try {
    return compileUnsafe(input);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      program: null,
      problems: [problem('INTERNAL_ERROR', { nodeId: null, params: { detail } })],
    };
  }
}

function compileUnsafe({
  graph,
  flowId,
  versionId,
  organizationId,
  resources,
  sha256,
}: CompileInput): CompileResult {
  const problems: Problem[] = [];
  if (graph.nodes.length === 0) return fail([problem('EMPTY_FLOW', { nodeId: null })]);

  const nodes = new Map<string, Checked>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) {
      problems.push(problem('DUPLICATE_ID', { nodeId: node.id, params: { id: node.id } }));
      continue;
    }
    const def = findNodeDefinition(node.kind);
    if (!def) {
      problems.push(problem('UNKNOWN_KIND', { nodeId: node.id, params: { kind: node.kind } }));
      continue;
    }
    const parsed = def.schema.safeParse(node.config);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 10))
        problems.push(configIssueProblem(node.id, issue, node.config));
      nodes.set(node.id, { node, def, config: null, ports: [], refs: [], defs: [] });
      continue;
    }
    nodes.set(node.id, {
      node,
      def,
      config: parsed.data,
      ports: def.ports(parsed.data),
      refs: def.references(parsed.data),
      defs: def.defines(parsed.data),
    });
  }

  const triggers = [...nodes.values()].filter((n) => n.def.category === 'trigger');
  if (triggers.length === 0) problems.push(problem('NO_TRIGGER', { nodeId: null }));
  if (triggers.length > 1) {
    for (const t of triggers)
      problems.push(problem('MANY_TRIGGERS', { nodeId: t.node.id, params: { count: triggers.length } }));
  }
  const trigger = triggers.length === 1 ? triggers[0] : undefined;
  const triggerKind = trigger?.def.kind ?? null;

  // port → target, per node
  const next = new Map<string, Map<string, string>>();
  for (const edge of graph.edges) {
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) {
      problems.push(
        problem('EDGE_UNKNOWN_NODE', { nodeId: source ? edge.source : target ? edge.target : null }),
      );
      continue;
    }
    if (target.def.category === 'trigger') {
      problems.push(problem('EDGE_INTO_TRIGGER', { nodeId: target.node.id }));
      continue;
    }
    if (source.config !== null && !source.ports.some((p) => p.id === edge.sourcePort)) {
      problems.push(
        problem('EDGE_UNKNOWN_PORT', { nodeId: source.node.id, params: { port: edge.sourcePort } }),
      );
      continue;
    }
    const ports = next.get(source.node.id) ?? new Map<string, string>();
    if (ports.has(edge.sourcePort)) {
      problems.push(
        problem('PORT_MULTIPLE_EDGES', {
          nodeId: source.node.id,
          params: { port: portLabel(source, edge.sourcePort) },
        }),
      );
      continue;
    }
    ports.set(edge.sourcePort, edge.target);
    next.set(source.node.id, ports);
  }

  const reachable = new Set<string>();
  if (trigger) {
    const queue = [trigger.node.id];
    while (queue.length > 0) {
      const id = queue.pop();
      if (id === undefined || reachable.has(id)) continue;
      reachable.add(id);
      for (const target of next.get(id)?.values() ?? []) queue.push(target);
    }
    for (const n of nodes.values()) {
      if (!reachable.has(n.node.id) && n.def.category !== 'trigger')
        problems.push(problem('UNREACHABLE', { nodeId: n.node.id }));
    }
  }

  for (const n of nodes.values()) {
    if (n.config === null) continue;
    for (const p of n.ports) {
      if (p.required && !next.get(n.node.id)?.has(p.id)) {
        problems.push(problem('PORT_UNCONNECTED', { nodeId: n.node.id, params: { port: p.label } }));
      }
    }
    if (
      n.def.channels &&
      triggerKind &&
      trigger &&
      !n.def.channels.some((c) => triggerChannels(trigger).includes(c))
    ) {
      problems.push(
        problem('CHANNEL_MISMATCH', { nodeId: n.node.id, params: { trigger: trigger.def.title } }),
      );
    }
    problems.push(...(n.def.validate?.(n.config, { nodeId: n.node.id, resources, triggerKind }) ?? []));
    problems.push(...referenceProblems(n.node.id, n.refs));
  }

  problems.push(...spinningLoops(nodes, next));
  if (trigger) {
    const analysed = new Map(
      [...nodes.values()]
        .filter((n) => reachable.has(n.node.id))
        .map((n) => [n.node.id, n.config === null ? null : { defs: n.defs, refs: n.refs }] as const),
    );
    const facts = reachingFacts({ entry: trigger.node.id, nodes: analysed, next });
    problems.push(
      ...variableProblems({ facts, nodes: analysed, citizenFields: resources.citizenFields ?? [] }),
    );
  }

  if (problems.some((p) => p.severity === 'error') || !trigger) return fail(problems);

  const steps: Record<string, Step> = {};
  const variables = new Set<string>();
  for (const id of reachable) {
    const n = nodes.get(id);
    if (!n || n.config === null || typeof n.config !== 'object') continue;
    const outs = next.get(id);
    steps[id] = {
      kind: n.def.kind,
      config: { ...n.config },
      next: Object.fromEntries(n.ports.map((p) => [p.id, outs?.get(p.id) ?? null])),
    };
    for (const r of n.refs) for (const path of r.paths) variables.add(path);
    for (const d of n.defs) for (const v of d.variables) variables.add(v);
  }
  const body = {
    irVersion: IR_VERSION,
    entry: trigger.node.id,
    trigger: { kind: trigger.def.kind, config: { ...(trigger.config ?? {}) } },
    steps,
  };
  const program: FlowProgram = {
    ...body,
    flowId,
    versionId,
    organizationId,
    hash: contentHash(body, sha256),
    variables: [...variables].sort(),
  };
  return { ok: true, program, problems };
}

function fail(problems: Problem[]): CompileResult {
  return { ok: false, program: null, problems };
}

function portLabel(n: Checked, portId: string): Localized | string {
  return n.ports.find((p) => p.id === portId)?.label ?? portId;
}

function triggerChannels(trigger: Checked): readonly string[] {
  return trigger.def.channels ?? [];
}

/** Cycles made only of nodes that never wait would spin without end (Tarjan's SCC on them). */
function spinningLoops(nodes: Map<string, Checked>, next: Map<string, Map<string, string>>): Problem[] {
  const spins = (id: string) => {
    const n = nodes.get(id);
    return n !== undefined && n.config !== null && !n.def.waits(n.config);
  };
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: Problem[] = [];
  let counter = 0;
  const successors = (id: string) => [...(next.get(id)?.values() ?? [])].filter(spins);

  for (const start of nodes.keys()) {
    if (!spins(start) || index.has(start)) continue;
    // Iterative Tarjan: frames of (node, successor iterator).
    const frames: { id: string; succ: string[]; i: number }[] = [];
    const push = (id: string) => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      frames.push({ id, succ: successors(id), i: 0 });
    };
    push(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (!frame) break;
      if (frame.i < frame.succ.length) {
        const w = frame.succ[frame.i++];
        if (w === undefined) continue;
        if (!index.has(w)) push(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(w) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        const selfLoop = component.length === 1 && successors(frame.id).includes(frame.id);
        if (component.length > 1 || selfLoop) {
          for (const id of component) out.push(problem('SPINNING_LOOP', { nodeId: id }));
        }
      }
    }
  }
  return out;
}
