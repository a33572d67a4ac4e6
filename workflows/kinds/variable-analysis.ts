import { contactFields, knownVariable, wildcardMembers } from '../dsl/contact-fields';
import { filterInput, type ValueType } from '../dsl/filters';
import type { FlowGraph } from '../dsl/graph';
import type { CitizenField, Definitions, Reference } from '../dsl/node-definition';
import { type Problem, problem } from '../dsl/problems';
import { findNodeDefinition } from './registry';

/**
 * What holds at a node on every path from the trigger: the variables defined (wildcards like
 * `call.*` included) and, prefixed with NON_EMPTY, the ones known to hold a value.
 */
export type Facts = ReadonlySet<string>;

const NON_EMPTY = 'nonempty:';
const ALWAYS_DEFINED = ['execution.*'];

/** A node as the analysis sees it: what it defines per port, what its fields read. */
export type AnalysedNode = { defs: Definitions; refs: Reference[] };

/**
 * Must-be-defined analysis (a worklist to the fixpoint): the facts reaching each node reachable from
 * the entry are those that hold on every path to it. `next` maps node → port → target.
 */
export function reachingFacts(args: {
  entry: string;
  nodes: ReadonlyMap<string, AnalysedNode | null>;
  next: ReadonlyMap<string, ReadonlyMap<string, string>>;
}): Map<string, Facts> {
  const { entry, nodes, next } = args;
  const incoming = new Map<string, Set<string>>(); // absent = not reached yet (top)
  incoming.set(entry, new Set(ALWAYS_DEFINED));
  const queue = [entry];
  const queued = new Set(queue);
  // Each node's set only shrinks after its first visit, so this ends; the budget guards a bug.
  let budget = nodes.size * 200 + 100;
  while (queue.length > 0 && budget-- > 0) {
    const id = queue.shift();
    if (id === undefined) break;
    queued.delete(id);
    const n = nodes.get(id);
    const inSet = incoming.get(id);
    if (!n || !inSet) continue;
    for (const [portId, target] of next.get(id) ?? []) {
      if (!nodes.has(target)) continue;
      const own = factsOn(n.defs, portId);
      const out = own.length === 0 ? inSet : new Set([...inSet, ...own]);
      const current = incoming.get(target);
      const merged =
        current === undefined
          ? out
          : new Set([
              ...[...current].filter((v) => covers(out, v)),
              ...[...out].filter((v) => covers(current, v)),
            ]);
      if (current === undefined || !sameSet(merged, current)) {
        incoming.set(target, merged);
        if (!queued.has(target)) {
          queue.push(target);
          queued.add(target);
        }
      }
    }
  }
  return incoming;
}

/**
 * The problems of each node's variables against the facts reaching it: a variable not defined on
 * every path, a contact field the citizen does not have, a filter for another type, and a variable
 * that may be empty in text a person hears, with no fallback (`default:"…"`) and no split before it.
 */
export function variableProblems(args: {
  facts: ReadonlyMap<string, Facts>;
  nodes: ReadonlyMap<string, AnalysedNode | null>;
  citizenFields?: readonly CitizenField[];
}): Problem[] {
  const custom = args.citizenFields ?? [];
  const contactKeys = new Set(contactFields(custom).map((f) => f.path));
  const problems: Problem[] = [];
  for (const [id, n] of args.nodes) {
    const facts = args.facts.get(id);
    if (!n || !facts) continue;
    for (const ref of n.refs) {
      const field = ref.field || undefined;
      const reported = new Set<string>();
      for (const path of ref.paths) {
        if (reported.has(path)) continue;
        const state = definedState(facts, path, contactKeys);
        if (state === 'defined') continue;
        reported.add(path);
        problems.push(
          state === 'unknown_contact_field'
            ? problem('UNKNOWN_CONTACT_FIELD', {
                nodeId: id,
                field,
                params: { variable: path, known: [...contactKeys].join(', ') },
              })
            : problem('UNDEFINED_VARIABLE', { nodeId: id, field, params: { variable: path } }),
        );
      }
      problems.push(...filterTypeProblems(id, ref, reported, custom));
      if (ref.heard) problems.push(...holeProblems(id, ref, { facts, reported, custom }));
    }
  }
  return problems;
}

/** A variable the variable help offers at a node: its path, its type when known, whether it may be empty. */
export type AvailableVariable = { path: string; type: ValueType | null; maybeEmpty: boolean };

/** Every variable defined on every path to a node, wildcards spelled out member by member, sorted. */
export function availableVariables(
  facts: Facts,
  args: { citizenFields?: readonly CitizenField[]; offers?: readonly string[] } = {},
): AvailableVariable[] {
  const custom = args.citizenFields ?? [];
  const out = new Map<string, AvailableVariable>();
  const add = (path: string) => {
    if (out.has(path) || path.endsWith('*')) return;
    const known = knownVariable(path, custom);
    const maybeEmpty = (known?.maybeEmpty ?? false) && !facts.has(`${NON_EMPTY}${path}`);
    out.set(path, { path, type: known?.type ?? null, maybeEmpty });
  };
  for (const fact of facts) {
    if (fact.startsWith(NON_EMPTY)) continue;
    if (fact.endsWith('.*')) {
      for (const m of wildcardMembers(fact, custom)) add(m.path);
      for (const o of args.offers ?? []) if (o.startsWith(fact.slice(0, -1))) add(o);
    } else add(fact);
  }
  return [...out.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The facts at every node of a drawn graph (the editor's view: nodes whose settings do not parse
 * define nothing), keyed by node id; nodes no path reaches are absent.
 */
export function factsOfGraph(graph: FlowGraph): { facts: Map<string, Facts>; offers: readonly string[] } {
  const nodes = new Map<string, AnalysedNode | null>();
  const ports = new Map<string, Set<string>>();
  let entry: string | null = null;
  let offers: readonly string[] = [];
  for (const node of graph.nodes) {
    const def = findNodeDefinition(node.kind);
    if (!def) continue;
    if (def.category === 'trigger') {
      entry = entry === null ? node.id : entry;
      offers = def.offers ?? [];
    }
    const parsed = def.schema.safeParse(node.config);
    if (!parsed.success) {
      nodes.set(node.id, null);
      continue;
    }
    nodes.set(node.id, { defs: def.defines(parsed.data), refs: def.references(parsed.data) });
    ports.set(node.id, new Set(def.ports(parsed.data).map((p) => p.id)));
  }
  const next = new Map<string, Map<string, string>>();
  for (const e of graph.edges) {
    const target = findNodeDefinition(graph.nodes.find((n) => n.id === e.target)?.kind ?? '');
    if (!ports.get(e.source)?.has(e.sourcePort) || !nodes.has(e.target) || target?.category === 'trigger')
      continue;
    const out = next.get(e.source) ?? new Map<string, string>();
    if (!out.has(e.sourcePort)) out.set(e.sourcePort, e.target);
    next.set(e.source, out);
  }
  if (entry === null) return { facts: new Map(), offers };
  return { facts: reachingFacts({ entry, nodes, next }), offers };
}

function definedState(
  facts: Facts,
  path: string,
  contactKeys: ReadonlySet<string>,
): 'defined' | 'undefined' | 'unknown_contact_field' {
  if (!covers(facts, path)) return 'undefined';
  const [root, key] = path.split('.');
  if (root !== 'contact' || key === undefined) return 'defined';
  // contact.* after a lookup holds the citizen's fields only; an explicit assignment defines its own.
  const field = `contact.${key}`;
  if (contactKeys.has(field)) return 'defined';
  return facts.has(field) || facts.has(path) ? 'defined' : 'unknown_contact_field';
}

function filterTypeProblems(
  nodeId: string,
  ref: Reference,
  reported: ReadonlySet<string>,
  custom: readonly CitizenField[],
): Problem[] {
  const out: Problem[] = [];
  for (const use of ref.uses ?? []) {
    if (reported.has(use.path)) continue;
    let type: ValueType | null = knownVariable(use.path, custom)?.type ?? null;
    for (const f of use.filters) {
      const input = filterInput(f.name);
      if (type !== null && input !== 'any' && input !== type) {
        out.push(
          problem('FILTER_TYPE_MISMATCH', {
            nodeId,
            field: ref.field || undefined,
            params: { filter: f.name, variable: use.path, type, expected: input },
          }),
        );
        break;
      }
      // What a filter gives is text, except the fallback, which leaves a value as it was.
      if (f.name !== 'default') type = 'text';
    }
  }
  return out;
}

function holeProblems(
  nodeId: string,
  ref: Reference,
  ctx: { facts: Facts; reported: ReadonlySet<string>; custom: readonly CitizenField[] },
): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const path of ref.paths) {
    if (seen.has(path) || ctx.reported.has(path)) continue;
    seen.add(path);
    if (!knownVariable(path, ctx.custom)?.maybeEmpty || ctx.facts.has(`${NON_EMPTY}${path}`)) continue;
    const written = ref.paths.filter((p) => p === path).length;
    const withFallback = (ref.uses ?? []).filter(
      (u) => u.path === path && u.filters.some((f) => f.name === 'default' && f.arg),
    ).length;
    if (withFallback >= written) continue;
    out.push(
      problem('EMPTY_WITHOUT_FALLBACK', {
        nodeId,
        field: ref.field || undefined,
        params: { variable: path },
      }),
    );
  }
  return out;
}

function factsOn(defs: Definitions, portId: string): string[] {
  return defs
    .filter((d) => d.port === '*' || d.port === portId)
    .flatMap((d) => [...d.variables, ...(d.nonEmpty ?? []).map((v) => `${NON_EMPTY}${v}`)]);
}

function covers(defs: ReadonlySet<string>, path: string): boolean {
  for (const d of defs) {
    if (d === path) return true;
    if (d.endsWith('.*') && path.startsWith(d.slice(0, -1))) return true;
    if (path.startsWith(`${d}.`)) return true;
  }
  return false;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}
