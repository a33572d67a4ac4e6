import type { FlowGraph } from '@/workflows/dsl/graph';
import { portsFor } from './graph-convert';

export type DiffMark = 'added' | 'removed' | 'changed';
export type NodeChange = 'kind' | 'label' | 'config' | 'ports';

export type GraphDiff = {
  /** Node ids only in `next`. */
  added: string[];
  /** Node ids only in `base`. */
  removed: string[];
  /** Node ids in both whose kind, label, config or output ports differ (moving a node is not a change). */
  changed: string[];
  /** What differs, per changed node. */
  changes: Record<string, NodeChange[]>;
  edges: {
    /** Ids (in `next`) of connections `base` does not have. */
    added: string[];
    /** Ids (in `base`) of connections `next` does not have. */
    removed: string[];
  };
};

/**
 * Compares two versions of a flow node by node. Connections are compared by what they join
 * (source, port, target), not by id: ids are generated and two equal flows may name them differently.
 */
export function diffGraphs(base: FlowGraph, next: FlowGraph): GraphDiff {
  const before = new Map(base.nodes.map((n) => [n.id, n]));
  const after = new Map(next.nodes.map((n) => [n.id, n]));
  const added = next.nodes.filter((n) => !before.has(n.id)).map((n) => n.id);
  const removed = base.nodes.filter((n) => !after.has(n.id)).map((n) => n.id);
  const changed: string[] = [];
  const changes: Record<string, NodeChange[]> = {};
  for (const n of next.nodes) {
    const old = before.get(n.id);
    if (!old) continue;
    const what: NodeChange[] = [];
    if (old.kind !== n.kind) what.push('kind');
    if ((old.label ?? '') !== (n.label ?? '')) what.push('label');
    if (stableJson(old.config) !== stableJson(n.config)) what.push('config');
    if (portsKey(old.kind, old.config) !== portsKey(n.kind, n.config)) what.push('ports');
    if (what.length > 0) {
      changed.push(n.id);
      changes[n.id] = what;
    }
  }
  const keyOf = (e: FlowGraph['edges'][number]) => `${e.source}\u0000${e.sourcePort}\u0000${e.target}`;
  const beforeEdges = new Set(base.edges.map(keyOf));
  const afterEdges = new Set(next.edges.map(keyOf));
  return {
    added,
    removed,
    changed,
    changes,
    edges: {
      added: next.edges.filter((e) => !beforeEdges.has(keyOf(e))).map((e) => e.id),
      removed: base.edges.filter((e) => !afterEdges.has(keyOf(e))).map((e) => e.id),
    },
  };
}

export function markOf(diff: GraphDiff, nodeId: string): DiffMark | null {
  if (diff.added.includes(nodeId)) return 'added';
  if (diff.removed.includes(nodeId)) return 'removed';
  if (diff.changed.includes(nodeId)) return 'changed';
  return null;
}

export function isEmptyDiff(diff: GraphDiff): boolean {
  return (
    diff.added.length + diff.removed.length + diff.changed.length === 0 &&
    diff.edges.added.length + diff.edges.removed.length === 0
  );
}

function portsKey(kind: string, config: Record<string, unknown>): string {
  return portsFor(kind, config)
    .map((p) => `${p.id}=${p.label['es-AR']}`)
    .join('|');
}

/** JSON with object keys sorted, so { a, b } and { b, a } compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
