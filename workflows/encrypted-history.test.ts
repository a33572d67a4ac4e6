import { randomBytes } from 'node:crypto';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionInput } from '../lib/contracts/execution';
import { secretsKeyring } from '../server/secrets';
import { dataConverter } from './client';
import { callStatusSignal, type RunFlow, stateQuery, voiceTurnUpdate } from './messages';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  METADATA_KEY_ID,
  UnknownPayloadKeyError,
} from './payload-codec';
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
async function rawHistory(
  workflowId: string,
  client: Client = engine.client,
): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
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

describe('rotating CAUCE_SECRETS_KEY under a running execution', () => {
  const k1 = `k1:${randomBytes(32).toString('base64')}`;
  const k2 = `k2:${randomBytes(32).toString('base64')}`;
  const converter = (CAUCE_SECRETS_KEY: string) => dataConverter({ CAUCE_SECRETS_KEY });
  const keyIdOf = (payload: temporal.api.common.v1.IPayload | null | undefined) =>
    Buffer.from(payload?.metadata?.[METADATA_KEY_ID] ?? []).toString('utf8');

  it('a worker and client on k2,k1 resume a call started under k1; what they add is sealed with k2', async () => {
    const before = await startEngineWorker(rec.activities, undefined, { dataConverter: converter(k1) });
    const call = input('voice', { call: { from: CITIZEN.telefono, to: '+543424000000', sid: 'CArot' } });
    try {
      await before.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
        args: [{}],
        startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
          taskQueue: before.taskQueue,
          workflowId: call.executionId,
          args: [compileOrThrow(ivrGraph()), call],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    } finally {
      await before.stop();
    }
    // A new worker (no cache): it replays the k1 history, then takes the next turn.
    let events: temporal.api.history.v1.IHistoryEvent[] = [];
    const after = await startEngineWorker(rec.activities, before.taskQueue, {
      dataConverter: converter(`${k2},${k1}`),
    });
    try {
      const handle = after.client.workflow.getHandle<RunFlow>(call.executionId);
      const last = await handle.executeUpdate(voiceTurnUpdate, {
        args: [{ digits: '1' }],
        updateId: 'CArot:1',
      });
      expect(last.ended).toBe(true);
      await expect(handle.result()).resolves.toMatchObject({
        status: 'completed',
        variables: { vars: { opcion: '1' } },
      });
      events = await rawHistory(call.executionId, after.client);
    } finally {
      await after.stop();
    }

    const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(started.map(keyIdOf)).toEqual(['k1', 'k1']);
    const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes)
      ?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
    expect(keyIdOf(completed)).toBe('k2');
    expect(Buffer.from(completed?.metadata?.[METADATA_ENCODING_KEY] ?? []).toString()).toBe(
      ENCRYPTED_ENCODING,
    );
    // With k1 dropped, the old part of the history no longer opens, and says which key it needs.
    const k2Only = new EncryptionCodec(secretsKeyring({ CAUCE_SECRETS_KEY: k2 }));
    await expect(k2Only.decode(started)).rejects.toThrow(UnknownPayloadKeyError);
    await expect(k2Only.decode(started)).rejects.toThrow(/key id "k1"/);
    await expect(k2Only.decode(completed ? [completed] : [])).resolves.toHaveLength(1);
  });
});
