import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { type ReplayResult, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { dataConverter } from './client';
import { startEngineWorker } from './testing/engine-harness';
import { HISTORY_SCENARIOS, scenarioActivities } from './testing/history-scenarios';

/**
 * Executions recorded on earlier interpreter code must replay on today's: a change that reorders
 * or drops a command breaks every run in flight when the worker is deployed, unless it goes behind
 * patched(). `CAUCE_RECORD_HISTORIES=1 npx vitest run workflows/run-flow-replay.test.ts` records the
 * scenarios that have no fixture yet; existing fixtures are never rewritten (they are the past).
 */
const HISTORIES = path.join(__dirname, 'testing', 'histories');

type Fixture = {
  scenario: string;
  runs: { workflowId: string; runId: string; history: Record<string, unknown> }[];
};

// The proto classes' own JSON mapping (base64 payloads, string longs and enums). The SDK's
// historyToJSON/historyFromJSON throw here: @temporalio/common and @temporalio/proto each carry
// their own protobufjs, and protojson rejects the other copy's types.
const { History } = temporal.api.history.v1;
const historyToObject = (history: temporal.api.history.v1.IHistory): Record<string, unknown> =>
  History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });

describe('runFlow replays histories recorded on earlier code', () => {
  const results = new Map<string, ReplayResult[]>();

  beforeAll(async () => {
    if (process.env.CAUCE_RECORD_HISTORIES === '1') await recordMissing();
    const fixtures = await readFixtures();
    const runs = fixtures.flatMap((f) =>
      f.runs.map((r) => ({ scenario: f.scenario, workflowId: r.workflowId, history: r.history })),
    );
    // One replay worker for every run, with the bundle (and preload) and the codec the test worker
    // runs: fixtures recorded before the codec hold plain payloads, which it passes through.
    const replayed = Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: dataConverter() },
      runs.map((r) => ({ workflowId: r.workflowId, history: History.fromObject(r.history) })),
    );
    let i = 0;
    for await (const result of replayed) {
      const scenario = runs[i++]?.scenario ?? 'unknown';
      results.set(scenario, [...(results.get(scenario) ?? []), result]);
    }
  });

  it('has a recorded fixture for every scenario, and no fixture without one', async () => {
    const recorded = (await readFixtures()).map((f) => f.scenario).sort();
    expect(recorded).toEqual(HISTORY_SCENARIOS.map((s) => s.name).sort());
  });

  it.each(HISTORY_SCENARIOS.map((s) => s.name))('%s replays without a nondeterminism error', (name) => {
    const replayed = results.get(name) ?? [];
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed.map((r) => ({ workflowId: r.workflowId, error: r.error?.message }))).toEqual(
      replayed.map((r) => ({ workflowId: r.workflowId, error: undefined })),
    );
  });
});

async function readFixtures(): Promise<Fixture[]> {
  const files = existsSync(HISTORIES) ? (await readdir(HISTORIES)).filter((f) => f.endsWith('.json')) : [];
  return Promise.all(
    files
      .sort()
      .map(async (f): Promise<Fixture> => JSON.parse(await readFile(path.join(HISTORIES, f), 'utf8'))),
  );
}

/** Runs each scenario without a fixture on the test Temporal server and stores every run of its workflows. */
async function recordMissing(): Promise<void> {
  await mkdir(HISTORIES, { recursive: true });
  // Recorded without the codec: a fixture must replay whatever CAUCE_SECRETS_KEY the next machine has.
  const engine = await startEngineWorker(scenarioActivities.activities, undefined, { dataConverter: null });
  try {
    for (const scenario of HISTORY_SCENARIOS) {
      const file = path.join(HISTORIES, `${scenario.name}.json`);
      if (existsSync(file)) continue;
      const workflowIds = await scenario.run(engine);
      const runs: Fixture['runs'] = [];
      for (const workflowId of workflowIds) runs.push(...(await allRuns(engine.client, workflowId)));
      const fixture: Fixture = { scenario: scenario.name, runs };
      await writeFile(file, `${JSON.stringify(fixture)}\n`);
    }
  } finally {
    await engine.stop();
  }
}

/** Every run of a workflow id, first to last, following continue-as-new. */
async function allRuns(client: Client, workflowId: string): Promise<Fixture['runs']> {
  const runs: Fixture['runs'] = [];
  const latest = await client.workflow.getHandle(workflowId).fetchHistory();
  let runId = latest.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId ?? undefined;
  while (runId) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.push({ workflowId, runId, history: historyToObject(history) });
    runId =
      history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}
