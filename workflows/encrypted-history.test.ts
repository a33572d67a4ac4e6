import { WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionInput } from '../lib/contracts/execution';
import { callStatusSignal, type RunFlow, stateQuery, voiceTurnUpdate } from './messages';
import { ENCRYPTED_ENCODING } from './payload-codec';
import { compileOrThrow, startEngineWorker } from './testing/engine-harness';
import { apiSmsGraph, ivrGraph } from './testing/graphs';
import { testActivities } from './testing/test-activities';

const rec = testActivities();
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let n = 0;

const CITIZEN = { nombre: 'Hermenegilda Zabaleta', telefono: '+5493424987654' };

function input(channel: ExecutionInput['channel'], variables: ExecutionInput['variables']): ExecutionInput {
  n++;
  return {
    executionId: `enc-${Date.now()}-${n}`,
    organizationId: 'org-test',
    channel,
    timeZone: 'America/Argentina/Cordoba',
    variables,
  };
}

/** The history as the Temporal server stores and serves it: read raw, past every codec. */
async function rawHistory(workflowId: string): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await engine.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

const historyBytes = (events: temporal.api.history.v1.IHistoryEvent[]) =>
  Buffer.from(temporal.api.history.v1.History.encode({ events }).finish());

/**
 * The encoding of every payload anywhere in the history (inputs, results, updates, signals, memos,
 * local activities' results), by path. Two kinds are written by the SDK's core and the server, never
 * by a codec, and hold no data of ours: a marker's bookkeeping (a local activity's type and times, a
 * patch id) and search attributes (the patch ids of TemporalChangeVersion).
 */
function payloadEncodings(value: unknown, found: string[] = [], path = ''): string[] {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  if (/markerRecordedEventAttributes\.details\.(data|patch-data)$|\.searchAttributes$/.test(path))
    return found;
  if ('metadata' in value && 'data' in value && value.metadata && typeof value.metadata === 'object') {
    const encoding = (value.metadata as Record<string, Uint8Array | undefined>).encoding;
    found.push(encoding ? Buffer.from(encoding).toString('utf8') : `(none at ${path})`);
    return found;
  }
  for (const [key, child] of Object.entries(value)) payloadEncodings(child, found, `${path}.${key}`);
  return found;
}

describe('workflow history holds citizens’ data encrypted (payload codec)', () => {
  beforeAll(async () => {
    engine = await startEngineWorker(rec.activities);
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('an API execution: the workflow and its activity see the name and phone, the stored history does not', async () => {
    const execInput = input('api', { input: CITIZEN });
    const handle = await engine.client.workflow.start<RunFlow>('runFlow', {
      taskQueue: engine.taskQueue,
      workflowId: execInput.executionId,
      args: [compileOrThrow(apiSmsGraph()), execInput],
      memo: { contacto: CITIZEN.telefono },
    });
    await expect(handle.result()).resolves.toMatchObject({ status: 'completed', outcome: 'notified' });
    // The workflow rendered the body from the input and handed it to the activity in clear.
    expect(rec.sent().find((m) => m.executionId === execInput.executionId)).toMatchObject({
      to: CITIZEN.telefono,
      body: `Hola ${CITIZEN.nombre}, tu turno está confirmado.`,
    });
    expect((await handle.describe()).memo).toEqual({ contacto: CITIZEN.telefono });

    const events = await rawHistory(execInput.executionId);
    const bytes = historyBytes(events);
    expect(bytes.includes(Buffer.from(CITIZEN.nombre))).toBe(false);
    expect(bytes.includes(Buffer.from(CITIZEN.telefono))).toBe(false);
    expect(bytes.includes(Buffer.from('Zabaleta'))).toBe(false);
    const encodings = payloadEncodings(events);
    // Start input (program and input), memo, activity inputs and results, the workflow's result.
    expect(encodings.length).toBeGreaterThan(5);
    expect(new Set(encodings)).toEqual(new Set([ENCRYPTED_ENCODING]));
  });

  it('a call: update arguments and results, queries and signals cross the codec too', async () => {
    const execInput = input('voice', { call: { from: CITIZEN.telefono, to: '+543424000000', sid: 'CAenc' } });
    await engine.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
      args: [{}],
      startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: execInput.executionId,
        args: [compileOrThrow(ivrGraph()), execInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    const handle = engine.client.workflow.getHandle<RunFlow>(execInput.executionId);
    await expect(handle.query(stateQuery)).resolves.toMatchObject({ activeStepId: 'menu' });
    // The workflow matches the caller's words ("turno") in the decrypted update argument.
    const last = await handle.executeUpdate(voiceTurnUpdate, {
      args: [{ speech: `quiero un turno para ${CITIZEN.nombre}` }],
      updateId: 'CAenc:1',
    });
    expect(last.ended).toBe(true);
    await expect(handle.result()).resolves.toMatchObject({
      status: 'completed',
      variables: { vars: { opcion: '1' } },
    });

    const hungUp = input('voice', { call: { from: CITIZEN.telefono, sid: 'CAenc2' } });
    await engine.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
      args: [{}],
      startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: hungUp.executionId,
        args: [compileOrThrow(ivrGraph()), hungUp],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    const second = engine.client.workflow.getHandle<RunFlow>(hungUp.executionId);
    await second.signal(callStatusSignal, { callStatus: 'completed' });
    await expect(second.result()).resolves.toMatchObject({ outcome: 'hung_up' });

    for (const workflowId of [execInput.executionId, hungUp.executionId]) {
      const events = await rawHistory(workflowId);
      const bytes = historyBytes(events);
      expect(bytes.includes(Buffer.from(CITIZEN.telefono))).toBe(false);
      expect(bytes.includes(Buffer.from(CITIZEN.nombre))).toBe(false);
      expect(new Set(payloadEncodings(events))).toEqual(new Set([ENCRYPTED_ENCODING]));
    }
    const signalled = (await rawHistory(hungUp.executionId)).filter(
      (e) => e.workflowExecutionSignaledEventAttributes,
    );
    expect(payloadEncodings(signalled)).toEqual([ENCRYPTED_ENCODING]);
  });
});
