import type { ScenarioDifference, ScenarioResult } from '@/lib/test-scenarios/types';
import { AppError } from '@/server/errors';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { getFlow } from '@/server/services/flows/flows';
import {
  startTestRun,
  stopTestRun,
  type TestRunState,
  testRunReply,
  testRunState,
  testRunTurn,
} from '@/server/services/test-runs/test-runs';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import { compareRun } from './compare';
import { getScenario, recordScenarioResult, type ScenarioInput } from './scenarios';

const POLL_MS = 150;
/** How long a run may take to reach its next wait, or to close, before the scenario gives up. */
const SETTLE_TIMEOUT_MS = 20_000;

type Run = { organizationId: string; executionId: string };

/** Runs a saved scenario against the flow's current draft and keeps the result on the scenario. */
export async function runScenario(
  deps: EngineDeps,
  args: { organizationId: string; scenarioId: string },
): Promise<ScenarioResult> {
  const scenario = await getScenario(deps.db, args.organizationId, args.scenarioId);
  const result = await playScenario(deps, {
    organizationId: args.organizationId,
    flowId: scenario.flowId,
    scenario,
  });
  await recordScenarioResult(deps.db, {
    organizationId: args.organizationId,
    scenarioId: scenario.id,
    result,
  });
  return result;
}

/**
 * Replays what the designer did on the real engine: the same start and mocks, then each answer in
 * order (voice turns as the test phone sends them, SMS replies once the flow waits). Answers left
 * over when the flow has ended are ignored; a flow still waiting after the last one is hung up on.
 */
async function playScenario(
  deps: EngineDeps,
  args: { organizationId: string; flowId: string; scenario: ScenarioInput },
): Promise<ScenarioResult> {
  const { scenario } = args;
  const ranAt = new Date().toISOString();
  const flow = await getFlow(deps.db, args.organizationId, args.flowId);
  let started: Awaited<ReturnType<typeof startTestRun>>;
  try {
    started = await startTestRun(deps, {
      organizationId: args.organizationId,
      flowId: args.flowId,
      from: scenario.start.from,
      text: scenario.start.text,
      input: scenario.start.input,
      mocks: scenario.mocks,
    });
  } catch (err) {
    if (err instanceof AppError && (err.code === 'FLOW_HAS_ERRORS' || err.code === 'INVALID_INPUT')) {
      const difference: ScenarioDifference = { kind: 'error', code: err.code, at: null, detail: err.message };
      return { passed: false, difference, executionId: null, path: [], ranAt };
    }
    throw err;
  }
  const run: Run = { organizationId: args.organizationId, executionId: started.executionId };
  const waits = waitingNodes(flow.draft);

  if (started.channel === 'voice') {
    let ended = started.turn?.ended ?? false;
    let seq = 1;
    for (const step of scenario.steps) {
      if (ended) break;
      if (step.kind === 'reply') {
        await testRunReply(deps, { ...run, text: step.text });
        continue;
      }
      const answer =
        step.kind === 'hangup'
          ? { hangup: true }
          : { digits: step.digits, speech: step.speech, recordingSeconds: step.recordingSeconds };
      ended = await voiceTurn(deps, run, seq++, answer);
    }
    if (!ended) await voiceTurn(deps, run, seq, { hangup: true });
  } else {
    for (const step of scenario.steps) {
      const state = await settle(deps, run, waits);
      if (state === 'timeout' || state.status !== 'running') break;
      if (step.kind === 'hangup') break;
      if (step.kind === 'reply') await testRunReply(deps, { ...run, text: step.text });
    }
    const state = await settle(deps, run, waits);
    if (state === 'timeout' || state.status === 'running') await stopTestRun(deps, run);
  }

  const final = await closed(deps, run);
  if (final.state === null) {
    const difference: ScenarioDifference = {
      kind: 'error',
      code: 'TIMEOUT',
      at: final.last?.activeStepId ?? null,
      detail: '',
    };
    return { passed: false, difference, executionId: run.executionId, path: pathOf(final.last), ranAt };
  }
  const state = final.state;
  const path = pathOf(state);
  if (state.status === 'failed') {
    const difference: ScenarioDifference = {
      kind: 'error',
      code: 'FAILED',
      at: path.at(-1) ?? null,
      detail: state.outcome ?? '',
    };
    return { passed: false, difference, executionId: run.executionId, path, ranAt };
  }
  const difference = compareRun(scenario.expectations, {
    path,
    outcome: state.outcome,
    variables: state.variables,
    messages: state.outbox.map((m) => m.body),
  });
  return { passed: difference === null, difference, executionId: run.executionId, path, ranAt };
}

/** One answer to the call; a run that closed meanwhile (it failed, or ended on its own) takes no more. */
async function voiceTurn(
  deps: EngineDeps,
  run: Run,
  seq: number,
  answer: {
    digits?: string | undefined;
    speech?: string | undefined;
    recordingSeconds?: number | undefined;
    hangup?: boolean;
  },
): Promise<boolean> {
  try {
    const turn = await testRunTurn(deps, { ...run, seq, ...answer });
    return turn.ended;
  } catch (err) {
    const state = await testRunState(deps, run);
    if (state.status !== 'running') return true;
    throw err;
  }
}

/** Node ids whose step waits durably (a reply, a timer, a resolution): a run resting there is settled. */
function waitingNodes(graph: FlowGraph): Set<string> {
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    const def = findNodeDefinition(node.kind);
    const parsed = def?.schema.safeParse(node.config);
    if (def && parsed?.success && def.waits(parsed.data)) ids.add(node.id);
  }
  return ids;
}

/** Polls until the run has ended or rests at a waiting node (seen twice in a row). */
async function settle(deps: EngineDeps, run: Run, waits: Set<string>): Promise<TestRunState | 'timeout'> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let previous: string | null = null;
  while (Date.now() < deadline) {
    const state = await testRunState(deps, run);
    if (state.status !== 'running') return state;
    const at = state.activeStepId;
    const mark = at && waits.has(at) ? `${at}:${state.path.length}` : null;
    if (mark !== null && mark === previous) return state;
    previous = mark;
    await sleep(POLL_MS);
  }
  return 'timeout';
}

/** Polls until the run's row is closed (the outcome, variables and trace are then final). */
async function closed(
  deps: EngineDeps,
  run: Run,
): Promise<{ state: TestRunState | null; last: TestRunState | null }> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  let last: TestRunState | null = null;
  while (Date.now() < deadline) {
    last = await testRunState(deps, run);
    if (last.status !== 'running') return { state: last, last };
    await sleep(POLL_MS);
  }
  return { state: null, last };
}

function pathOf(state: TestRunState | null): string[] {
  return (state?.path ?? []).map((p) => p.stepId);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
