import { and, asc, eq, ne } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type {
  ScenarioExpectations,
  ScenarioMocks,
  ScenarioResult,
  ScenarioStart,
  ScenarioStep,
} from '@/lib/test-scenarios/types';
import { AppError } from '@/server/errors';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { getFlow } from '@/server/services/flows/flows';
import { getTestRun, testRunState } from '@/server/services/test-runs/test-runs';
import { lookup } from '@/workflows/dsl/template';

const t = schema.flowTestScenario;

export type ScenarioInput = {
  name: string;
  start: ScenarioStart;
  mocks: ScenarioMocks;
  steps: ScenarioStep[];
  expectations: ScenarioExpectations;
};

/** What the designer ticked besides the path when saving a session. */
type ScenarioChecks = { outcome: boolean; messages: boolean; variables: string[] };

export async function listScenarios(db: Database, organizationId: string, flowId: string) {
  await getFlow(db, organizationId, flowId);
  return db
    .select({
      id: t.id,
      name: t.name,
      start: t.start,
      mocks: t.mocks,
      steps: t.steps,
      expectations: t.expectations,
      lastResult: t.lastResult,
      updatedAt: t.updatedAt,
    })
    .from(t)
    .where(and(eq(t.organizationId, organizationId), eq(t.flowId, flowId)))
    .orderBy(asc(t.name));
}

export async function getScenario(db: Database, organizationId: string, scenarioId: string) {
  const row = await db.query.flowTestScenario.findFirst({
    where: and(eq(t.id, scenarioId), eq(t.organizationId, organizationId)),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Scenario not found');
  return row;
}

/** Stores a scenario of one of the organismo's flows; a name is used once per flow. */
export async function saveScenario(
  db: Database,
  args: { organizationId: string; userId: string | null; flowId: string } & ScenarioInput,
) {
  await getFlow(db, args.organizationId, args.flowId);
  const [row] = await db
    .insert(t)
    .values({
      organizationId: args.organizationId,
      flowId: args.flowId,
      name: args.name,
      start: args.start,
      mocks: args.mocks,
      steps: args.steps,
      expectations: args.expectations,
      createdBy: args.userId,
    })
    .onConflictDoNothing({ target: [t.flowId, t.name] })
    .returning({ id: t.id, name: t.name });
  if (!row) throw new AppError('SCENARIO_NAME_TAKEN', 'This flow already has a scenario with that name');
  return row;
}

/**
 * "Guardar como escenario": what the designer did (start, mocks, steps, sent by the test phone)
 * and what the engine did in that test run (its path, plus what was ticked) become the expectation.
 */
export async function saveScenarioFromRun(
  deps: EngineDeps,
  args: {
    organizationId: string;
    userId: string;
    flowId: string;
    executionId: string;
    name: string;
    start: ScenarioStart;
    mocks: ScenarioMocks;
    steps: ScenarioStep[];
    checks: ScenarioChecks;
  },
) {
  const run = await getTestRun(deps.db, args.organizationId, args.executionId);
  if (run.flowId !== args.flowId) throw new AppError('NOT_FOUND', 'Test run not found for this flow');
  const state = await testRunState(deps, { organizationId: args.organizationId, executionId: run.id });
  const finished = state.status !== 'running';
  const expectations: ScenarioExpectations = { path: state.path.map((p) => p.stepId) };
  if (args.checks.outcome && finished) expectations.outcome = state.outcome;
  if (args.checks.messages) expectations.messages = state.outbox.map((m) => m.body);
  if (args.checks.variables.length > 0) {
    expectations.variables = Object.fromEntries(
      args.checks.variables.map((path) => [path, lookup(state.variables, path) ?? null]),
    );
  }
  return saveScenario(deps.db, {
    organizationId: args.organizationId,
    userId: args.userId,
    flowId: args.flowId,
    name: args.name,
    start: args.start,
    mocks: args.mocks,
    steps: args.steps,
    expectations,
  });
}

export async function renameScenario(
  db: Database,
  args: { organizationId: string; scenarioId: string; name: string },
) {
  const scenario = await getScenario(db, args.organizationId, args.scenarioId);
  const clash = await db.query.flowTestScenario.findFirst({
    where: and(eq(t.flowId, scenario.flowId), eq(t.name, args.name), ne(t.id, scenario.id)),
    columns: { id: true },
  });
  if (clash) throw new AppError('SCENARIO_NAME_TAKEN', 'This flow already has a scenario with that name');
  await db
    .update(t)
    .set({ name: args.name, updatedAt: new Date() })
    .where(and(eq(t.id, scenario.id), eq(t.organizationId, args.organizationId)));
  return { id: scenario.id, name: args.name };
}

export async function deleteScenario(db: Database, args: { organizationId: string; scenarioId: string }) {
  const scenario = await getScenario(db, args.organizationId, args.scenarioId);
  await db.delete(t).where(and(eq(t.id, scenario.id), eq(t.organizationId, args.organizationId)));
  return { id: scenario.id };
}

export async function recordScenarioResult(
  db: Database,
  args: { organizationId: string; scenarioId: string; result: ScenarioResult },
) {
  await db
    .update(t)
    .set({ lastResult: args.result })
    .where(and(eq(t.id, args.scenarioId), eq(t.organizationId, args.organizationId)));
}

/** A flow's scenarios as the export file carries them (no ids, no results). */
export async function scenariosForExport(
  db: Database,
  organizationId: string,
  flowId: string,
): Promise<ScenarioInput[]> {
  const rows = await listScenarios(db, organizationId, flowId);
  return rows.map((r) => ({
    name: r.name,
    start: r.start,
    mocks: r.mocks,
    steps: r.steps,
    expectations: r.expectations,
  }));
}

/** Imported scenarios replace those of the same name; the others stay. */
export async function importScenarios(
  db: Database,
  args: { organizationId: string; userId: string; flowId: string; scenarios: ScenarioInput[] },
) {
  for (const s of args.scenarios) {
    await db
      .delete(t)
      .where(and(eq(t.organizationId, args.organizationId), eq(t.flowId, args.flowId), eq(t.name, s.name)));
    await saveScenario(db, {
      organizationId: args.organizationId,
      userId: args.userId,
      flowId: args.flowId,
      ...s,
    });
  }
}
