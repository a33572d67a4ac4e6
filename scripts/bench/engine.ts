import { randomUUID } from 'node:crypto';
import { addMember, createOrganization, createUser } from '../../db/seed/factories';
import type { ExecutionInput } from '../../lib/contracts/execution';
import { startApiExecution } from '../../server/services/executions/start-api-execution';
import { createFlow, saveDraft } from '../../server/services/flows/flows';
import { nativeSha256 } from '../../server/services/flows/native-sha256';
import { publishFlow } from '../../server/services/flows/publish';
import { compile } from '../../workflows/kinds/compile';
import type { RunFlow } from '../../workflows/messages';
import { chainGraph, EMPTY_RESOURCES } from '../../workflows/testing/graphs';
import type { Emit } from '../bench';
import { closedLoop, median, startBenchStack } from './stack';

const log = (m: string) => process.stderr.write(`[engine] ${m}\n`);

/** Compiler, interpreter and throughput figures; the Temporal baseline runs on the same server in the same run. */
export async function run(emit: Emit): Promise<void> {
  const graph = chainGraph(1000);
  // The anchor of the compile figure, in the same run: reading the same graph (JSON.parse of its JSON and
  // a walk over every value), a cost that scales with the machine as compile does. Alternated with compile.
  const json = JSON.stringify(graph);
  const times: number[] = [];
  const readTimes: number[] = [];
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now();
    const result = compile({
      graph,
      flowId: 'f',
      versionId: 'v',
      organizationId: 'o',
      resources: EMPTY_RESOURCES,
      sha256: nativeSha256,
    });
    times.push(performance.now() - t0);
    if (!result.ok) throw new Error(`bench graph does not compile: ${result.problems[0]?.message.en}`);
    const r0 = performance.now();
    if (walk(JSON.parse(json)) === 0) throw new Error('the bench graph read as empty');
    readTimes.push(performance.now() - r0);
  }
  const compileMs = median(times.slice(5));
  const readMs = median(readTimes.slice(5));
  emit('compile.1000_nodes.median_ms', compileMs, 'ms');
  emit('compile.1000_nodes.json_parse_ms', readMs, 'ms');
  // Target (README): compile ≤ 10× the read.
  emit('compile.1000_nodes.read_ratio', compileMs / readMs, 'x');

  const stack = await startBenchStack();
  try {
    const program = (size: number) => {
      const r = compile({
        graph: chainGraph(size),
        flowId: 'f',
        versionId: randomUUID(),
        organizationId: 'o',
        resources: EMPTY_RESOURCES,
      });
      if (!r.ok) throw new Error('bench graph does not compile');
      return r.program;
    };
    const org = await createOrganization(stack.db, {
      name: 'Bench',
      slug: `bench-${randomUUID().slice(0, 8)}`,
    });
    const runOnce = async (p: ReturnType<typeof program>) => {
      const input: ExecutionInput = {
        executionId: `bench-${randomUUID()}`,
        organizationId: org.id,
        channel: 'api',
        timeZone: 'America/Argentina/Cordoba',
        variables: {},
      };
      const t0 = performance.now();
      await stack.client.workflow.execute<RunFlow>('runFlow', {
        taskQueue: stack.taskQueue,
        workflowId: input.executionId,
        args: [p, input],
      });
      return performance.now() - t0;
    };
    const short = program(7);
    const long = program(207);
    await runOnce(short);
    await runOnce(long);
    const shortTimes: number[] = [];
    const longTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      shortTimes.push(await runOnce(short));
      longTimes.push(await runOnce(long));
    }
    log(`5 logic steps: ${median(shortTimes).toFixed(1)} ms; 205: ${median(longTimes).toFixed(1)} ms`);
    emit('interpreter.step.median_ms', (median(longTimes) - median(shortTimes)) / 200, 'ms');

    // A 5-step logic flow started through the API service (execution row + workflow start), 50 in flight.
    const user = await createUser(stack.db, {
      name: 'Bench',
      email: `bench-${randomUUID()}@bench.local`,
      password: 'bench-password',
    });
    await addMember(stack.db, { organizationId: org.id, userId: user.id, roles: ['admin'] });
    const actor = { organizationId: org.id, userId: user.id, requestId: 'bench' };
    const flow = await createFlow(stack.db, actor, { name: 'Bench', kind: 'api' });
    await saveDraft(stack.db, actor, { flowId: flow.id, graph: chainGraph(7), baseRevision: 0 });
    await publishFlow(stack.db, actor, { flowId: flow.id, note: 'bench' });
    const deps = { db: stack.db, temporal: async () => stack.client, taskQueue: stack.taskQueue };
    const total = 300;
    const startAndWait = async () => {
      const { executionId } = await startApiExecution(deps, {
        organizationId: org.id,
        flowId: flow.id,
        input: {},
      });
      await stack.client.workflow.getHandle(executionId).result();
    };
    const noop = () =>
      stack.client.workflow.execute('noop', {
        taskQueue: stack.taskQueue,
        workflowId: `noop-${randomUUID()}`,
      });
    await closedLoop(20, 10, noop);
    await closedLoop(20, 10, startAndWait);
    const engineRate = await closedLoop(total, 50, startAndWait);
    const baselineRate = await closedLoop(total, 50, noop);
    log(
      `runFlow ${engineRate.toFixed(1)}/s vs noop ${baselineRate.toFixed(1)}/s (ratio ${(engineRate / baselineRate).toFixed(2)})`,
    );
    emit('executions.completed_per_s', engineRate, 'executions/s');
    emit('temporal.baseline_completed_per_s', baselineRate, 'workflows/s');
  } finally {
    await stack.stop();
  }
}

/** Visits every value of a parsed JSON document; returns how many (so the walk cannot be optimised away). */
function walk(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + walk(v), 1);
  if (typeof value === 'object' && value !== null) {
    let n = 1;
    for (const v of Object.values(value)) n += walk(v);
    return n;
  }
  return 1;
}
