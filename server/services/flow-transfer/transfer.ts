import { z } from 'zod';
import type { Database } from '@/db';
import {
  ZScenarioExpectations,
  ZScenarioMocks,
  ZScenarioStart,
  ZScenarioStep,
} from '@/lib/test-scenarios/types';
import { AppError } from '@/server/errors';
import { MAX_GRAPH_BYTES } from '@/server/services/flows/check-graph-bounds';
import { getFlow, saveDraft } from '@/server/services/flows/flows';
import {
  importScenarios,
  type ScenarioInput,
  scenariosForExport,
} from '@/server/services/test-scenarios/scenarios';
import { type FlowGraph, GRAPH_LIMITS, ZFlowGraph } from '@/workflows/dsl/graph';
import { findNodeDefinition } from '@/workflows/kinds/registry';

export const EXPORT_FORMAT = 'cauce.flow';
// A file holds one graph: the same cap as a saved draft's.
const MAX_IMPORT_BYTES = MAX_GRAPH_BYTES;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export async function exportFlow(db: Database, organizationId: string, flowId: string) {
  const flow = await getFlow(db, organizationId, flowId);
  return {
    format: EXPORT_FORMAT,
    formatVersion: 1,
    name: flow.name,
    kind: flow.kind,
    description: flow.description,
    graph: flow.draft,
    // The flow's saved test scenarios travel with it (queue ids in their mocks are this organismo's).
    scenarios: await scenariosForExport(db, organizationId, flowId),
  };
}

const ZScenarioFile = z.object({
  name: z.string().trim().min(1).max(120),
  start: ZScenarioStart.default({}),
  mocks: ZScenarioMocks.default({ businessHours: 'real', queues: {}, http: [] }),
  steps: z.array(ZScenarioStep).max(500).default([]),
  expectations: ZScenarioExpectations,
});

/**
 * Parses an exported flow defensively: size cap, no prototype keys, schema limits (string
 * lengths, counts), known node kinds, unique ids. Throws INVALID_IMPORT with the first reason.
 */
export function parseFlowExport(text: string): {
  name: string;
  graph: FlowGraph;
  scenarios: ScenarioInput[];
} {
  if (text.length > MAX_IMPORT_BYTES)
    throw new AppError('INVALID_IMPORT', `The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB`);
  let raw: unknown;
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new AppError('INVALID_IMPORT', `Forbidden key "${key}"`);
      if (typeof value === 'string' && value.length > 20_000)
        throw new AppError('INVALID_IMPORT', 'A text in the file is too long');
      return value;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('INVALID_IMPORT', 'The file is not valid JSON');
  }
  if (raw === null || typeof raw !== 'object' || Reflect.get(raw, 'format') !== EXPORT_FORMAT) {
    throw new AppError('INVALID_IMPORT', `Not a Cauce flow export (format "${EXPORT_FORMAT}")`);
  }
  const parsed = ZFlowGraph.safeParse(Reflect.get(raw, 'graph'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'INVALID_IMPORT',
      `Invalid graph at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    );
  }
  const graph = parsed.data;
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) throw new AppError('INVALID_IMPORT', `Duplicate node id "${node.id}"`);
    ids.add(node.id);
    if (!findNodeDefinition(node.kind))
      throw new AppError('INVALID_IMPORT', `Unknown node type "${node.kind}"`);
    if (JSON.stringify(node.config).length > GRAPH_LIMITS.configBytes)
      throw new AppError('INVALID_IMPORT', `Node "${node.id}" is too large`);
  }
  const edgeIds = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) throw new AppError('INVALID_IMPORT', `Duplicate connection id "${edge.id}"`);
    edgeIds.add(edge.id);
  }
  const scenarios = z
    .array(ZScenarioFile)
    .max(200)
    .safeParse(Reflect.get(raw, 'scenarios') ?? []);
  if (!scenarios.success) {
    const issue = scenarios.error.issues[0];
    throw new AppError(
      'INVALID_IMPORT',
      `Invalid scenario at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
    );
  }
  const names = new Set<string>();
  for (const s of scenarios.data) {
    if (names.has(s.name)) throw new AppError('INVALID_IMPORT', `Duplicate scenario name "${s.name}"`);
    names.add(s.name);
  }
  const name: unknown = Reflect.get(raw, 'name');
  return { name: typeof name === 'string' ? name.slice(0, 200) : '', graph, scenarios: scenarios.data };
}

/** Replaces a flow's draft with an imported one; a rejected file leaves the draft as it was. */
export async function importFlow(
  db: Database,
  actor: { organizationId: string; userId: string; requestId: string },
  args: { flowId: string; json: string; baseRevision: number },
) {
  const { graph, scenarios } = parseFlowExport(args.json);
  const saved = await saveDraft(db, actor, { flowId: args.flowId, graph, baseRevision: args.baseRevision });
  await importScenarios(db, { ...actor, flowId: args.flowId, scenarios });
  return saved;
}
