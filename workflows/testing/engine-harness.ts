import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type { FlowProgram } from '../../lib/contracts/program';
import type { createSystemActivities } from '../activities/system';
import { dataConverter } from '../client';
import type { FlowGraph } from '../dsl/graph';
import type { CompileResources } from '../dsl/node-definition';
import { compile } from '../kinds/compile';
import { EMPTY_RESOURCES } from './graphs';

/** Compiles a graph for a test and fails loudly with the problems if it does not compile. */
export function compileOrThrow(graph: FlowGraph, resources: Partial<CompileResources> = {}): FlowProgram {
  const result = compile({
    graph,
    flowId: resources.flowId ?? 'test-flow',
    versionId: randomUUID(),
    organizationId: 'org-test',
    resources: { ...EMPTY_RESOURCES, ...resources },
  });
  if (!result.ok)
    throw new Error(
      `graph does not compile: ${JSON.stringify(result.problems.map((p) => [p.nodeId, p.code, p.message.en]))}`,
    );
  return result.program;
}

/**
 * A worker on its own task queue against the test run's Temporal server, with the given activities,
 * and a client; both encrypt payloads with the app's codec, or with the given converter (a rotation
 * test's keyring). `null` leaves the codec out, for histories that must not depend on the key of the
 * machine that recorded them (the replay fixtures).
 */
export async function startEngineWorker(
  activities: EngineActivities,
  taskQueue = `engine-${randomUUID()}`,
  opts: { dataConverter?: DataConverter | null } = {},
) {
  const address = inject('temporalAddress');
  const converter =
    opts.dataConverter === null ? {} : { dataConverter: opts.dataConverter ?? dataConverter() };
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: { ...activities, ...createSystemActivitiesStub() },
    ...converter,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, ...converter });
  return {
    client,
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}

// systemPing's activity is not needed by engine tests; a stub keeps the worker's activity set complete.
function createSystemActivitiesStub(): ReturnType<typeof createSystemActivities> {
  return { recordPing: async (m: string) => m };
}
