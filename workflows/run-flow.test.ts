import { WithStartWorkflowOperation, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionInput, VoiceTurnResult } from '../lib/contracts/execution';
import type { FlowProgram } from '../lib/contracts/program';
import type { FlowGraph } from './dsl/graph';
import {
  callStatusSignal,
  inboundMessageSignal,
  type RunFlow,
  stateQuery,
  voiceTurnUpdate,
} from './messages';
import { compileOrThrow, startEngineWorker } from './testing/engine-harness';
import { apiSmsGraph, ivrGraph } from './testing/graphs';
import { testActivities } from './testing/test-activities';

const rec = testActivities();
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let n = 0;

function input(
  channel: ExecutionInput['channel'],
  variables: ExecutionInput['variables'] = {},
  extra: Partial<ExecutionInput> = {},
) {
  n++;
  return {
    executionId: `t-${Date.now()}-${n}`,
    organizationId: 'org-test',
    channel,
    timeZone: 'America/Argentina/Cordoba',
    variables,
    ...extra,
  };
}

function start(program: FlowProgram, execInput: ExecutionInput) {
  return engine.client.workflow.start<RunFlow>('runFlow', {
    taskQueue: engine.taskQueue,
    workflowId: execInput.executionId,
    args: [program, execInput],
  });
}

const texts = (r: VoiceTurnResult) =>
  r.instructions.flatMap((i) =>
    i.type === 'say'
      ? [i.text]
      : i.type === 'gather'
        ? i.prompt.flatMap((p) => (p.type === 'say' ? [p.text] : []))
        : [],
  );

describe('runFlow on a real Temporal server', () => {
  beforeAll(async () => {
    engine = await startEngineWorker(rec.activities);
  });
  afterAll(async () => {
    await engine.stop();
  });

  it('runs an API flow: templates render, the SMS goes once, the trace lists every step', async () => {
    const program = compileOrThrow(apiSmsGraph());
    const execInput = input('api', { input: { telefono: '+5493424000001', nombre: 'Ana' } });
    const outcome = await (await start(program, execInput)).result();
    expect(outcome).toMatchObject({ status: 'completed', outcome: 'notified' });
    const sms = rec.sent().find((m) => m.executionId === execInput.executionId);
    expect(sms).toMatchObject({
      channel: 'sms',
      to: '+5493424000001',
      body: 'Hola Ana, tu turno está confirmado.',
    });
    expect(rec.trace(execInput.executionId).map((t) => [t.stepId, t.port])).toEqual([
      ['start', 'next'],
      ['saludo', 'next'],
      ['sms', 'sent'],
      ['fin', 'notified'],
    ]);
    expect(rec.trace(execInput.executionId)[1]?.changed).toEqual({ 'vars.saludo': 'Hola Ana' });
    expect(rec.closed(execInput.executionId)).toMatchObject({ status: 'completed', outcome: 'notified' });
  });

  it('answers an IVR call turn by turn through the voiceTurn update, with a repeat loop', async () => {
    const program = compileOrThrow(ivrGraph());
    const execInput = input('voice', { call: { from: '+5493424000002', to: '+543424000000', sid: 'CA1' } });
    const first = await engine.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
      args: [{}],
      startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: execInput.executionId,
        args: [program, execInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    expect(texts(first)).toEqual([
      'Bienvenido al Ministerio de Salud.',
      'Para turnos de vacunación marcá 1. Para repetir, marcá 9.',
    ]);
    expect(first.instructions.at(-1)).toMatchObject({ type: 'gather', numDigits: 1, language: 'es-MX' });
    const handle = engine.client.workflow.getHandle(execInput.executionId);

    const repeat = await handle.executeUpdate(voiceTurnUpdate, {
      args: [{ digits: '9' }],
      updateId: 'CA1:1',
    });
    expect(repeat.instructions.map((i) => i.type)).toEqual(['gather']);
    // Twilio retries a webhook: the same update id gets the same answer and changes nothing.
    const retried = await handle.executeUpdate(voiceTurnUpdate, {
      args: [{ digits: '9' }],
      updateId: 'CA1:1',
    });
    expect(retried).toEqual(repeat);

    const last = await handle.executeUpdate(voiceTurnUpdate, {
      args: [{ speech: 'quiero un turno' }],
      updateId: 'CA1:2',
    });
    expect(last.ended).toBe(true);
    expect(texts(last)).toEqual(['Te enviamos un SMS con los turnos. ¡Gracias!']);
    expect(last.instructions.at(-1)).toEqual({ type: 'hangup' });
    expect(await handle.result()).toMatchObject({
      status: 'completed',
      variables: { vars: { opcion: '1' } },
    });
  });

  it('ends cleanly when the caller hangs up mid-menu', async () => {
    const program = compileOrThrow(ivrGraph());
    const execInput = input('voice', { call: { from: '+5493424000003', sid: 'CA2' } });
    await engine.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
      args: [{}],
      startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: execInput.executionId,
        args: [program, execInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    const handle = engine.client.workflow.getHandle(execInput.executionId);
    await handle.signal(callStatusSignal, { callStatus: 'completed' });
    expect(await handle.result()).toMatchObject({ status: 'completed', outcome: 'hung_up' });
    expect(rec.closed(execInput.executionId)).toMatchObject({ outcome: 'hung_up' });
  });

  it('waits durably for a reply and follows the condition it matches; times out otherwise', async () => {
    const graph: FlowGraph = {
      nodes: [
        {
          id: 'start',
          kind: 'trigger_incoming_message',
          position: { x: 0, y: 0 },
          config: { keyword: 'TURNO' },
        },
        {
          id: 'espera',
          kind: 'wait_for_reply',
          position: { x: 0, y: 0 },
          config: { timeoutMinutes: 0.05, saveAs: 'resp' },
        },
        {
          id: 'si',
          kind: 'split',
          position: { x: 0, y: 0 },
          config: {
            cases: [
              {
                id: 'acepta',
                label: 'Acepta',
                when: { conditions: [{ variable: 'vars.resp', operator: 'contains', value: 'si' }] },
              },
            ],
          },
        },
        { id: 'ok', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'confirmed' } },
        { id: 'no', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'declined' } },
        { id: 'nada', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'no_reply' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'espera' },
        { id: 'e2', source: 'espera', sourcePort: 'replied', target: 'si' },
        { id: 'e3', source: 'espera', sourcePort: 'timeout', target: 'nada' },
        { id: 'e4', source: 'si', sourcePort: 'case_acepta', target: 'ok' },
        { id: 'e5', source: 'si', sourcePort: 'else', target: 'no' },
      ],
      notes: [],
    };
    const program = compileOrThrow(graph);
    const replied = await start(
      program,
      input('sms', { message: { from: '+5493424000004', body: 'TURNO' } }),
    );
    await replied.signal(inboundMessageSignal, {
      from: '+5493424000004',
      body: 'Sí, confirmo',
      channel: 'sms',
      receivedAt: new Date().toISOString(),
    });
    expect(await replied.result()).toMatchObject({
      outcome: 'confirmed',
      variables: { vars: { resp: 'Sí, confirmo' } },
    });

    const silent = await start(program, input('sms', { message: { from: '+5493424000005', body: 'TURNO' } }));
    expect(await silent.result()).toMatchObject({ outcome: 'no_reply' });
  });

  it('stops a runaway loop with a clear error (a program the compiler would have refused)', async () => {
    const program = compileOrThrow(apiSmsGraph());
    const looping: FlowProgram = {
      ...program,
      steps: {
        ...program.steps,
        saludo: {
          kind: 'set_variables',
          config: { assignments: [{ name: 'n', operation: 'increment', value: '', type: 'number' }] },
          next: { next: 'saludo' },
        },
      },
    };
    const execInput = input('api', { input: { telefono: '+5493424000006' } });
    const handle = await start(looping, execInput);
    await expect(handle.result()).rejects.toThrow();
    const closed = rec.closed(execInput.executionId);
    expect(closed).toMatchObject({ status: 'failed' });
    expect(closed?.outcome).toMatch(/Stopped after 1000 steps without a wait/);
  });

  it('ends an execution whose template throws (a bad moneda code) as failed instead of retrying it forever', async () => {
    const program = compileOrThrow(apiSmsGraph());
    const broken: FlowProgram = {
      ...program,
      steps: {
        ...program.steps,
        saludo: {
          kind: 'set_variables',
          config: { assignments: [{ name: 'saludo', value: '{{input.nombre | moneda:"XX"}}' }] },
          next: { next: 'sms' },
        },
      },
    };
    const execInput = input('api', { input: { telefono: '+5493424000007', nombre: '1500' } });
    const handle = await start(broken, execInput);
    const failure = await handle.result().then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = failure instanceof WorkflowFailedError ? failure.cause : null;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause instanceof ApplicationFailure ? [cause.type, cause.nonRetryable] : null).toEqual([
      'INTERPRETER_ERROR',
      true,
    ]);
    expect(rec.closed(execInput.executionId)).toMatchObject({ status: 'failed' });
    expect(rec.sent().some((m) => m.executionId === execInput.executionId)).toBe(false);
  }, 20_000);

  it("takes the SMS node's failed port when its body cannot render (a program compiled before filters were checked)", async () => {
    const program = compileOrThrow(apiSmsGraph());
    const sms = program.steps.sms;
    if (!sms) throw new Error('no sms step');
    const broken: FlowProgram = {
      ...program,
      steps: {
        ...program.steps,
        sms: { ...sms, config: { ...sms.config, body: 'Debés {{input.nombre | moneda:"XX"}}' } },
      },
    };
    const execInput = input('api', { input: { telefono: '+5493424000008', nombre: '1500' } });
    const outcome = await (await start(broken, execInput)).result();
    expect(outcome).toMatchObject({ status: 'completed', outcome: 'failed' });
    expect(rec.trace(execInput.executionId).map((t) => [t.stepId, t.port])).toEqual([
      ['start', 'next'],
      ['saludo', 'next'],
      ['sms', 'failed'],
    ]);
    expect(rec.trace(execInput.executionId)[2]?.changed).toEqual({
      'vars.last_error': expect.stringMatching(/^filter "moneda:XX" failed: /),
    });
    expect(rec.sent().some((m) => m.executionId === execInput.executionId)).toBe(false);
  }, 20_000);

  it('evaluates a catastrophic regex condition ((a+)+$ on thirty a’s and a !) without wedging the workflow task', async () => {
    const program = compileOrThrow(
      splitGraph([{ variable: 'input.texto', operator: 'matches', value: '(a+)+$' }]),
    );
    const execInput = input('api', { input: { texto: `${'a'.repeat(30)}!` } });
    const handle = await start(program, execInput);
    // A backtracking engine holds the task for minutes: the SDK's deadlock detector fails it and Temporal retries it.
    expect(await ended(handle.result(), 15_000)).toMatchObject({
      ended: true,
      value: { status: 'completed', outcome: 'no' },
    });
  }, 30_000);

  it('ends every execution of random templates and conditions, compiled or not: it completes or fails, never retries', async () => {
    const base = compileOrThrow(
      splitGraph([{ variable: 'input.texto', operator: 'equals', value: 'x' }], 'Hola {{input.nombre}}'),
    );
    const filter = fc
      .tuple(
        fc.constantFrom('numero', 'moneda', 'fecha', 'mayusculas', 'default', 'xyz'),
        fc.constantFrom('', ':2', ':9', ':"XX"', ':"USD"', ':"a|b"'),
      )
      .map(([name, arg]) => ` | ${name}${arg}`);
    const template = fc
      .array(
        fc.oneof(
          fc.constantFrom('Hola ', '{{', '}}'),
          fc
            .tuple(
              fc.constantFrom('input.nombre', 'input.texto', 'vars.nada', 'x.y'),
              fc.array(filter, { maxLength: 2 }),
            )
            .map(([path, fs]) => `{{${path}${fs.join('')}}}`),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((parts) => parts.join(''));
    const condition = fc.record({
      variable: fc.constantFrom('input.texto', 'input.nombre'),
      operator: fc.constantFrom('matches', 'equals', 'gt', 'before', 'contains'),
      value: fc.oneof(fc.constantFrom('(a+)+$', '(?=a)', '(a)\\1', '[', '^\\d+$'), template),
    });
    await fc.assert(
      fc.asyncProperty(
        template,
        fc.array(condition, { minLength: 1, maxLength: 2 }),
        template,
        async (saludo, conditions, body) => {
          const rama = base.steps.rama;
          const saludoStep = base.steps.saludo;
          const sms = base.steps.sms;
          if (!rama || !saludoStep || !sms) throw new Error('base program changed');
          const program: FlowProgram = {
            ...base,
            steps: {
              ...base.steps,
              saludo: { ...saludoStep, config: { assignments: [{ name: 'saludo', value: saludo }] } },
              rama: {
                ...rama,
                config: { cases: [{ id: 'si', label: 'Sí', when: { match: 'any', conditions } }] },
              },
              sms: { ...sms, config: { ...sms.config, body } },
            },
          };
          const execInput = input('api', {
            input: { telefono: '+5493424000009', nombre: '1500', texto: `${'a'.repeat(30)}!` },
          });
          const handle = await start(program, execInput);
          const result = await ended(handle.result(), 20_000);
          if (!result.ended) await handle.terminate('did not end');
          expect(result.ended).toBe(true);
          if ('error' in result) {
            // Failed: once, with a non-retryable failure, and the execution row closed as failed.
            const cause = result.error instanceof WorkflowFailedError ? result.error.cause : null;
            expect(cause instanceof ApplicationFailure && cause.nonRetryable).toBe(true);
            expect(rec.closed(execInput.executionId)).toMatchObject({ status: 'failed' });
          } else expect(rec.closed(execInput.executionId)).toMatchObject({ status: 'completed' });
        },
      ),
      { numRuns: 8 },
    );
  }, 240_000);

  it('continues as new when history grows, keeping variables and the step it was on', async () => {
    const graph: FlowGraph = {
      nodes: [
        { id: 'start', kind: 'trigger_api', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'cuenta',
          kind: 'set_variables',
          position: { x: 0, y: 0 },
          config: { assignments: [{ name: 'vueltas', operation: 'increment' }] },
        },
        {
          id: 'listo',
          kind: 'split',
          position: { x: 0, y: 0 },
          config: {
            cases: [
              {
                id: 'fin',
                label: 'Fin',
                when: { conditions: [{ variable: 'vars.vueltas', operator: 'gte', value: '6' }] },
              },
            ],
          },
        },
        { id: 'pausa', kind: 'wait', position: { x: 0, y: 0 }, config: { amount: 1, unit: 'seconds' } },
        { id: 'fin', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'done' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'cuenta' },
        { id: 'e2', source: 'cuenta', sourcePort: 'next', target: 'listo' },
        { id: 'e3', source: 'listo', sourcePort: 'case_fin', target: 'fin' },
        { id: 'e4', source: 'listo', sourcePort: 'else', target: 'pausa' },
        { id: 'e5', source: 'pausa', sourcePort: 'next', target: 'cuenta' },
      ],
      notes: [],
    };
    const program = compileOrThrow(graph);
    const execInput = input('api', {}, { historyLimit: 12 });
    const handle = await start(program, execInput);
    const outcome = await handle.result();
    expect(outcome).toMatchObject({
      status: 'completed',
      outcome: 'done',
      variables: { vars: { vueltas: 6 } },
    });
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    const seqs = rec.trace(execInput.executionId).map((t) => t.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const state = await handle.query(stateQuery).catch(() => null);
    expect(state === null || state.status === 'completed').toBe(true);
  });

  it("takes the subflow node's failed port when the child execution fails", async () => {
    const child = compileOrThrow(apiSmsGraph());
    const runaway: FlowProgram = {
      ...child,
      steps: {
        ...child.steps,
        saludo: {
          kind: 'set_variables',
          config: { assignments: [{ name: 'n', operation: 'increment', value: '', type: 'number' }] },
          next: { next: 'saludo' },
        },
      },
    };
    rec.addSubflow('child-flow', runaway);
    const graph: FlowGraph = {
      nodes: [
        { id: 'start', kind: 'trigger_api', position: { x: 0, y: 0 }, config: {} },
        { id: 'hijo', kind: 'subflow', position: { x: 0, y: 0 }, config: { flowId: 'child-flow' } },
        { id: 'ok', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'child_ok' } },
        { id: 'mal', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'child_failed' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'hijo' },
        { id: 'e2', source: 'hijo', sourcePort: 'done', target: 'ok' },
        { id: 'e3', source: 'hijo', sourcePort: 'failed', target: 'mal' },
      ],
      notes: [],
    };
    const program = compileOrThrow(graph, { flows: new Map([['child-flow', [1]]]) });
    const outcome = await (await start(program, input('api'))).result();
    expect(outcome).toMatchObject({ status: 'completed', outcome: 'child_failed' });
  });

  it('talks to the citizen once an outbound campaign call is answered', async () => {
    const graph: FlowGraph = {
      nodes: [
        { id: 'start', kind: 'trigger_campaign_contact', position: { x: 0, y: 0 }, config: {} },
        { id: 'llamar', kind: 'place_outbound_call', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'hola',
          kind: 'say',
          position: { x: 0, y: 0 },
          config: { text: 'Hola {{contact.first_name}}, te llamamos del Ministerio de Salud.' },
        },
        {
          id: 'confirma',
          kind: 'gather',
          position: { x: 0, y: 0 },
          config: {
            prompt: 'Para confirmar tu turno marcá 1.',
            options: [{ key: '1', label: 'Confirmar' }],
            retries: 0,
          },
        },
        { id: 'ok', kind: 'hang_up', position: { x: 0, y: 0 }, config: { goodbye: 'Turno confirmado.' } },
        { id: 'no', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'not_reached' } },
        { id: 'sin', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'no_confirma' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'llamar' },
        { id: 'e2', source: 'llamar', sourcePort: 'answered', target: 'hola' },
        { id: 'e3', source: 'llamar', sourcePort: 'machine', target: 'no' },
        { id: 'e4', source: 'llamar', sourcePort: 'no_answer', target: 'no' },
        { id: 'e5', source: 'llamar', sourcePort: 'busy', target: 'no' },
        { id: 'e6', source: 'llamar', sourcePort: 'failed', target: 'no' },
        { id: 'e7', source: 'hola', sourcePort: 'next', target: 'confirma' },
        { id: 'e8', source: 'confirma', sourcePort: 'opt_1', target: 'ok' },
        { id: 'e9', source: 'confirma', sourcePort: 'no_input', target: 'sin' },
        { id: 'e10', source: 'confirma', sourcePort: 'invalid', target: 'sin' },
      ],
      notes: [],
    };
    const program = compileOrThrow(graph);
    const execInput = input('campaign', { contact: { phone: '+5493424000010', first_name: 'Julia' } });
    const handle = await start(program, execInput);
    // Twilio asks for the call's first TwiML once it is answered, i.e. after the call step ran.
    for (let i = 0; i < 100; i++) {
      const state = await handle.query(stateQuery);
      if (state.path.some((p) => p.stepId === 'llamar')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const first = await handle.executeUpdate(voiceTurnUpdate, { args: [{}], updateId: 'out:0' });
    expect(texts(first)).toEqual([
      'Hola Julia, te llamamos del Ministerio de Salud.',
      'Para confirmar tu turno marcá 1.',
    ]);
    const last = await handle.executeUpdate(voiceTurnUpdate, { args: [{ digits: '1' }], updateId: 'out:1' });
    expect(last).toMatchObject({ ended: true });
    expect(await handle.result()).toMatchObject({
      status: 'completed',
      variables: { call: { outcome: 'answered' } },
    });
  });

  it('a cancelled call execution ends as cancelled (its call-duration timer is cancelled with it)', async () => {
    const program = compileOrThrow(ivrGraph());
    const execInput = input('voice', { call: { from: '+5493424000011', sid: 'CA-cancel' } });
    await engine.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
      args: [{}],
      startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: execInput.executionId,
        args: [program, execInput],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    });
    const handle = engine.client.workflow.getHandle(execInput.executionId);
    await handle.cancel();
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(rec.closed(execInput.executionId)).toMatchObject({ status: 'cancelled' });
  });
});

/** Whether a promise settles within the time: its value, or the error it rejected with. */
async function ended<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ ended: true; value: T } | { ended: true; error: unknown } | { ended: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ ended: false }>((resolve) => {
    timer = setTimeout(() => resolve({ ended: false }), ms);
  });
  const settled = promise.then(
    (value) => ({ ended: true as const, value }),
    (error: unknown) => ({ ended: true as const, error }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** API trigger → set a greeting → split on the conditions (si / else) → SMS on si → end. */
function splitGraph(
  conditions: { variable: string; operator: string; value: string }[],
  saludo = 'Hola',
): FlowGraph {
  return {
    nodes: [
      {
        id: 'start',
        kind: 'trigger_api',
        position: { x: 0, y: 0 },
        config: { fields: ['telefono', 'nombre', 'texto'].map((name) => ({ name, required: false })) },
      },
      {
        id: 'saludo',
        kind: 'set_variables',
        position: { x: 0, y: 0 },
        config: { assignments: [{ name: 'saludo', value: saludo }] },
      },
      {
        id: 'rama',
        kind: 'split',
        position: { x: 0, y: 0 },
        config: { cases: [{ id: 'si', label: 'Sí', when: { conditions } }] },
      },
      {
        id: 'sms',
        kind: 'send_sms',
        position: { x: 0, y: 0 },
        config: { to: '{{input.telefono}}', body: '{{vars.saludo}}' },
      },
      { id: 'si', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'si' } },
      { id: 'no', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'no' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'saludo' },
      { id: 'e2', source: 'saludo', sourcePort: 'next', target: 'rama' },
      { id: 'e3', source: 'rama', sourcePort: 'case_si', target: 'sms' },
      { id: 'e4', source: 'rama', sourcePort: 'else', target: 'no' },
      { id: 'e5', source: 'sms', sourcePort: 'sent', target: 'si' },
    ],
    notes: [],
  };
}
