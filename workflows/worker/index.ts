import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Database } from '../../db';
import { createActivities } from '../activities';
import { connectionOptions, dataConverter, type TemporalSettings } from '../client';

/** The workflows the worker bundles (workflows/index.ts: the sandboxed code, none of the worker's). */
export const workflowsPath = path.join(__dirname, '..', 'index.ts');

/**
 * Evaluated once per worker thread and shared (frozen) by every workflow instead of once per
 * workflow: preload.ts (zod, and the sandbox's stack-trace depth). Only stateless libraries belong
 * there; our own modules, whose zod schemas cannot be frozen, stay per workflow.
 */
export const preloadModules = [path.join(__dirname, '..', 'preload.ts')];

/** A worker for Cauce's task queue; tests pass a prebuilt bundle to skip webpack. */
export async function createWorker(opts: {
  temporal: TemporalSettings;
  taskQueue: string;
  db: Database;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect(connectionOptions(opts.temporal));
  const worker = await Worker.create({
    connection,
    namespace: opts.temporal.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities({ db: opts.db }),
    dataConverter: dataConverter(),
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath, bundlerOptions: { preloadModules } }),
  });
  return { worker, connection };
}
