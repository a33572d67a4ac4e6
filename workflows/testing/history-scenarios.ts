import { ApplicationFailure } from '@temporalio/activity';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { ExecutionInput, VoiceInput } from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';
import type { FlowGraph, GraphNode } from '../dsl/graph';
import {
  callStatusSignal,
  type ExecutionOutcome,
  inboundMessageSignal,
  type RunFlow,
  stateQuery,
  voiceTurnUpdate,
} from '../messages';
import { compileOrThrow } from './engine-harness';
import { apiSmsGraph, ivrGraph } from './graphs';
import { testActivities } from './test-activities';

/**
 * Executions whose histories are kept as replay fixtures (workflows/testing/histories): one per way
 * runFlow issues commands (voice turns, signals, timers, continue-as-new, children, mocks, outbound
 * calls, cancellation, failure). Each returns the workflow ids whose every run is recorded and
 * throws when the execution did not end the way its name says, so a fixture shows what it claims.
 */
export type HistoryScenario = {
  name: string;
  run(engine: ScenarioEngine): Promise<string[]>;
};

export type ScenarioEngine = { client: Client; taskQueue: string };

const ORG = 'org-replay';
const QUEUE = 'queue-replay';
const AREA = 'area-replay';
const SCHEDULE = 'schedule-replay';
const CITIZEN = { id: 'citizen-replay', dni: '30111222', first_name: 'Rosa', phones: ['+5493424000090'] };

/** What the recording worker's activities answer in these scenarios (the replay never runs them). */
export const scenarioActivities = testActivities({
  // A pending call, as Twilio queues it: the answer webhook decides the outcome.
  placeCall: async (args) => ({ callId: `CA-${args.executionId}`, outcome: 'pending' }),
  lookupCitizen: async ({ value }) => (value === CITIZEN.dni ? CITIZEN : null),
  sendMessage: async (args) => {
    if (args.body.includes('FALLA')) throw ApplicationFailure.nonRetryable('provider refused', 'REFUSED');
    return { status: 'sent', messageId: `msg-${args.idempotencyKey}` };
  },
});
scenarioActivities.addSubflow('child-ok', compileOrThrow(apiSmsGraph(), { flowId: 'child-ok' }));
scenarioActivities.addSubflow(
  'child-broken',
  broken(compileOrThrow(apiSmsGraph(), { flowId: 'child-broken' })),
);

const RESOURCES = {
  queues: new Set([QUEUE]),
  areas: new Set([AREA]),
  schedules: new Set([SCHEDULE]),
  flows: new Map([
    ['child-ok', [1]],
    ['child-broken', [1]],
  ]),
};

export const HISTORY_SCENARIOS: HistoryScenario[] = [
  {
    name: 'voice-menu-repeat-goodbye',
    async run(engine) {
      const call = await startCall(engine, compileOrThrow(ivrGraph()), 'CA-menu');
      await call.turn({ digits: '9' }, 1);
      // Twilio retrying a webhook: the same update id, answered from the update's cache.
      await call.turn({ digits: '9' }, 1);
      const last = await call.turn({ speech: 'quiero un turno' }, 2);
      expectThat(last.ended, 'the goodbye ends the call');
      await expectOutcome(call.handle.result(), { status: 'completed', outcome: 'done' });
      return [call.id];
    },
  },
  {
    name: 'voice-menu-repeat-hang-up',
    async run(engine) {
      const call = await startCall(engine, compileOrThrow(ivrGraph()), 'CA-hangup');
      await call.turn({ digits: '9' }, 1);
      await call.handle.signal(callStatusSignal, { callStatus: 'completed' });
      await expectOutcome(call.handle.result(), { status: 'completed', outcome: 'hung_up' });
      return [call.id];
    },
  },
  {
    name: 'voice-catalogue-dni-queue',
    async run(engine) {
      const call = await startCall(engine, compileOrThrow(catalogueIvr(), RESOURCES), 'CA-cat-1');
      await call.turn({ digits: '1' }, 1);
      await call.turn({ digits: CITIZEN.dni }, 2);
      await call.turn({ dialStatus: 'bridged' }, 3);
      await expectOutcome(call.handle.result(), { status: 'completed' });
      return [call.id];
    },
  },
  {
    name: 'voice-catalogue-voicemail-ticket',
    async run(engine) {
      const call = await startCall(engine, compileOrThrow(catalogueIvr(), RESOURCES), 'CA-cat-2');
      await call.turn({ digits: '2' }, 1);
      await call.turn({ recordingUrl: 'https://api.twilio.com/rec/RE1', recordingDurationSeconds: 12 }, 2);
      await expectOutcome(call.handle.result(), { status: 'completed' });
      return [call.id];
    },
  },
  {
    name: 'sms-waits-for-reply',
    async run(engine) {
      const handle = await start(engine, compileOrThrow(replyGraph()), execInput('sms', 'reply'));
      await handle.signal(inboundMessageSignal, {
        from: '+5493424000004',
        body: 'Sí, confirmo',
        channel: 'sms',
        receivedAt: '2026-03-10T13:00:00.000Z',
      });
      await expectOutcome(handle.result(), { status: 'completed', outcome: 'confirmed' });
      return [handle.workflowId];
    },
  },
  {
    name: 'sms-reply-times-out',
    async run(engine) {
      const handle = await start(engine, compileOrThrow(replyGraph()), execInput('sms', 'silent'));
      await expectOutcome(handle.result(), { status: 'completed', outcome: 'no_reply' });
      return [handle.workflowId];
    },
  },
  {
    name: 'api-durable-wait-then-sms',
    async run(engine) {
      const graph: FlowGraph = {
        nodes: [
          node('start', 'trigger_api'),
          node('pausa', 'wait', { amount: 1, unit: 'seconds' }),
          node('sms', 'send_sms', { to: '+5493424000001', body: 'Recordatorio de tu turno.' }),
          node('fin', 'end', { outcome: 'reminded' }),
          node('mal', 'end', { outcome: 'not_sent' }),
        ],
        edges: edges(
          ['start', 'next', 'pausa'],
          ['pausa', 'next', 'sms'],
          ['sms', 'sent', 'fin'],
          ['sms', 'failed', 'mal'],
        ),
        notes: [],
      };
      const handle = await start(engine, compileOrThrow(graph), execInput('api', 'wait'));
      await expectOutcome(handle.result(), { status: 'completed', outcome: 'reminded' });
      return [handle.workflowId];
    },
  },
  {
    name: 'api-continues-as-new',
    async run(engine) {
      const handle = await start(engine, compileOrThrow(loopGraph()), {
        ...execInput('api', 'can'),
        historyLimit: 12,
      });
      await expectOutcome(handle.result(), { status: 'completed', outcome: 'done' });
      return [handle.workflowId];
    },
  },
  {
    name: 'api-subflow-done-and-failed',
    async run(engine) {
      const graph: FlowGraph = {
        nodes: [
          node('start', 'trigger_api'),
          node('hijo', 'subflow', { flowId: 'child-ok' }),
          node('roto', 'subflow', { flowId: 'child-broken' }),
          node('ok', 'end', { outcome: 'child_ok' }),
          node('mal', 'end', { outcome: 'child_failed' }),
        ],
        edges: edges(
          ['start', 'next', 'hijo'],
          ['hijo', 'done', 'roto'],
          ['hijo', 'failed', 'ok'],
          ['roto', 'done', 'ok'],
          ['roto', 'failed', 'mal'],
        ),
        notes: [],
      };
      const input = execInput('api', 'sub', { input: { telefono: '+5493424000003', nombre: 'Ana' } });
      const handle = await start(engine, compileOrThrow(graph, RESOURCES), input);
      await expectOutcome(handle.result(), { status: 'completed', outcome: 'child_failed' });
      return [handle.workflowId, `${handle.workflowId}-sub-hijo-0`, `${handle.workflowId}-sub-roto-0`];
    },
  },
  {
    name: 'test-run-with-mocks',
    async run(engine) {
      const graph: FlowGraph = {
        nodes: [
          node('inicio', 'trigger_incoming_call'),
          node('horario', 'business_hours', { scheduleId: SCHEDULE }),
          node('consulta', 'http_request', {
            url: 'https://turnos.example.gov.ar/api/turno',
            responseMappings: [{ variable: 'fecha', path: 'turno.fecha' }],
          }),
          node('cola', 'transfer_to_queue', { queueId: QUEUE, maxWaitMinutes: 5, holdMessage: 'Aguardá.' }),
          node('pausa', 'wait', { amount: 1, unit: 'seconds' }),
          node('hijo', 'subflow', { flowId: 'child-ok' }),
          node('atendido', 'hang_up', {
            goodbye: 'Tu turno es el {{vars.fecha}}. Desde {{execution.startedAt}}.',
          }),
          node('cerrado', 'hang_up', { goodbye: 'Estamos cerrados.' }),
        ],
        edges: edges(
          ['inicio', 'next', 'horario'],
          ['horario', 'open', 'consulta'],
          ['horario', 'closed', 'cerrado'],
          ['consulta', 'success', 'cola'],
          ['consulta', 'failure', 'cerrado'],
          ['cola', 'answered', 'pausa'],
          ['cola', 'timeout', 'cerrado'],
          ['pausa', 'next', 'hijo'],
          ['hijo', 'done', 'atendido'],
          ['hijo', 'failed', 'cerrado'],
        ),
        notes: [],
      };
      const input: ExecutionInput = {
        ...execInput('voice', 'mocks', { call: { from: '+5493424000005', sid: 'CA-mocks' } }),
        test: true,
        mocks: {
          now: '2026-03-10T10:00:00-03:00',
          businessHours: 'open',
          queues: { [QUEUE]: { waitSeconds: 20, agentsAvailable: 1 } },
          http: [
            {
              urlContains: 'turnos.example',
              method: 'ANY',
              status: 200,
              body: '{"turno":{"fecha":"2026-12-01"}}',
            },
          ],
        },
      };
      const call = await startCallWith(engine, compileOrThrow(graph, RESOURCES), input);
      expectThat(call.first.ended, 'a mocked run answers its first turn with the goodbye');
      await expectOutcome(call.handle.result(), { status: 'completed' });
      return [call.id, `${call.id}-sub-hijo-0`];
    },
  },
  {
    name: 'campaign-outbound-call-answered',
    async run(engine) {
      const graph: FlowGraph = {
        nodes: [
          node('start', 'trigger_campaign_contact'),
          node('llamar', 'place_outbound_call'),
          node('hola', 'say', { text: 'Hola {{contact.first_name}}, te llamamos del Ministerio de Salud.' }),
          node('confirma', 'gather', {
            prompt: 'Para confirmar tu turno marcá 1.',
            options: [{ key: '1', label: 'Confirmar' }],
            retries: 0,
          }),
          node('ok', 'hang_up', { goodbye: 'Turno confirmado.' }),
          node('no', 'end', { outcome: 'not_reached' }),
          node('sin', 'end', { outcome: 'no_confirma' }),
        ],
        edges: edges(
          ['start', 'next', 'llamar'],
          ['llamar', 'answered', 'hola'],
          ['llamar', 'machine', 'no'],
          ['llamar', 'no_answer', 'no'],
          ['llamar', 'busy', 'no'],
          ['llamar', 'failed', 'no'],
          ['hola', 'next', 'confirma'],
          ['confirma', 'opt_1', 'ok'],
          ['confirma', 'no_input', 'sin'],
          ['confirma', 'invalid', 'sin'],
        ),
        notes: [],
      };
      const input = execInput('campaign', 'outbound', {
        contact: { phone: '+5493424000010', first_name: 'Julia' },
      });
      const handle = await start(engine, compileOrThrow(graph), input);
      await until(async () => (await handle.query(stateQuery)).activeStepId === 'llamar');
      const callSid = `CA-${input.executionId}`;
      const first = await handle.executeUpdate(voiceTurnUpdate, {
        args: [{ outboundCall: { callSid, answeredBy: 'human' } }],
        updateId: `${callSid}:0`,
      });
      expectThat(!first.ended, 'the answered call hears the greeting and the menu');
      const last = await handle.executeUpdate(voiceTurnUpdate, {
        args: [{ digits: '1' }],
        updateId: `${callSid}:1`,
      });
      expectThat(last.ended, 'the goodbye ends the call');
      await expectOutcome(handle.result(), { status: 'completed', outcome: 'done' });
      return [handle.workflowId];
    },
  },
  {
    name: 'voice-cancelled',
    async run(engine) {
      const call = await startCall(engine, compileOrThrow(ivrGraph()), 'CA-cancel');
      await call.handle.cancel();
      await expectOutcome(call.handle.result(), { status: 'cancelled' });
      return [call.id];
    },
  },
  {
    name: 'api-step-fails-then-execution-fails',
    async run(engine) {
      // The SMS activity fails (the step takes its failed port) into a step the program lacks, which
      // fails the execution as a broken program would (the compiler refuses such a program).
      const graph: FlowGraph = {
        nodes: [
          node('start', 'trigger_api'),
          node('sms', 'send_sms', { to: '+5493424000006', body: 'FALLA' }),
          node('fin', 'end', { outcome: 'sent' }),
          node('mal', 'end', { outcome: 'not_sent' }),
        ],
        edges: edges(['start', 'next', 'sms'], ['sms', 'sent', 'fin'], ['sms', 'failed', 'mal']),
        notes: [],
      };
      const handle = await start(
        engine,
        broken(compileOrThrow(graph), 'sms', 'failed'),
        execInput('api', 'fails'),
      );
      const error = await handle.result().then(
        () => null,
        (err: unknown) => err,
      );
      expectThat(error !== null, 'the execution fails');
      return [handle.workflowId];
    },
  },
];

/** The program with `port` of step `stepId` leading to a step it lacks, which the compiler would refuse. */
function broken(program: FlowProgram, stepId = 'saludo', port = 'next'): FlowProgram {
  const step = program.steps[stepId];
  if (!step) throw new Error(`no step ${stepId}`);
  return {
    ...program,
    steps: { ...program.steps, [stepId]: { ...step, next: { ...step.next, [port]: 'missing' } } },
  };
}

let seq = 0;
function execInput(
  channel: ExecutionInput['channel'],
  tag: string,
  variables: ExecutionInput['variables'] = {},
): ExecutionInput {
  return {
    executionId: `replay-${tag}-${Date.now()}-${++seq}`,
    organizationId: ORG,
    channel,
    timeZone: 'America/Argentina/Cordoba',
    variables,
  };
}

function start(engine: ScenarioEngine, program: FlowProgram, input: ExecutionInput) {
  return engine.client.workflow.start<RunFlow>('runFlow', {
    taskQueue: engine.taskQueue,
    workflowId: input.executionId,
    args: [program, input],
  });
}

function startCall(engine: ScenarioEngine, program: FlowProgram, sid: string) {
  return startCallWith(
    engine,
    program,
    execInput('voice', sid, { call: { from: '+5493424000002', to: '+543424000000', sid } }),
  );
}

/** A call as the voice webhook starts it: the first turn starts the execution. */
async function startCallWith(engine: ScenarioEngine, program: FlowProgram, input: ExecutionInput) {
  const id = input.executionId;
  const first = await engine.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
    args: [{}],
    startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
      taskQueue: engine.taskQueue,
      workflowId: id,
      args: [program, input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    }),
  });
  const handle = engine.client.workflow.getHandle<RunFlow>(id);
  const turn = (answer: VoiceInput, n: number) =>
    handle.executeUpdate(voiceTurnUpdate, { args: [answer], updateId: `${id}:${n}` });
  return { id, first, handle, turn };
}

async function expectOutcome(
  result: Promise<ExecutionOutcome>,
  expected: { status: string; outcome?: string },
): Promise<void> {
  const outcome = await result;
  const ok =
    outcome.status === expected.status && (!expected.outcome || outcome.outcome === expected.outcome);
  if (!ok) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(outcome)}`);
}

function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new Error(`expected: ${what}`);
}

async function until(ready: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting for the execution');
}

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}

function edges(...list: [string, string, string][]): FlowGraph['edges'] {
  return list.map(([source, sourcePort, target], i) => ({ id: `e${i}`, source, sourcePort, target }));
}

function replyGraph(): FlowGraph {
  return {
    nodes: [
      node('start', 'trigger_incoming_message', { keyword: 'TURNO' }),
      node('espera', 'wait_for_reply', { timeoutMinutes: 0.05, saveAs: 'resp' }),
      node('si', 'split', {
        cases: [
          {
            id: 'acepta',
            label: 'Acepta',
            when: { conditions: [{ variable: 'vars.resp', operator: 'contains', value: 'si' }] },
          },
        ],
      }),
      node('ok', 'end', { outcome: 'confirmed' }),
      node('no', 'end', { outcome: 'declined' }),
      node('nada', 'end', { outcome: 'no_reply' }),
    ],
    edges: edges(
      ['start', 'next', 'espera'],
      ['espera', 'replied', 'si'],
      ['espera', 'timeout', 'nada'],
      ['si', 'case_acepta', 'ok'],
      ['si', 'else', 'no'],
    ),
    notes: [],
  };
}

function loopGraph(): FlowGraph {
  return {
    nodes: [
      node('start', 'trigger_api'),
      node('cuenta', 'set_variables', { assignments: [{ name: 'vueltas', operation: 'increment' }] }),
      node('listo', 'split', {
        cases: [
          {
            id: 'fin',
            label: 'Fin',
            when: { conditions: [{ variable: 'vars.vueltas', operator: 'gte', value: '4' }] },
          },
        ],
      }),
      node('pausa', 'wait', { amount: 1, unit: 'seconds' }),
      node('fin', 'end', { outcome: 'done' }),
    ],
    edges: edges(
      ['start', 'next', 'cuenta'],
      ['cuenta', 'next', 'listo'],
      ['listo', 'case_fin', 'fin'],
      ['listo', 'else', 'pausa'],
      ['pausa', 'next', 'cuenta'],
    ),
    notes: [],
  };
}

/** The catalogue's IVR on recording activities: business hours, menu, DNI, lookup, consent, queue, voicemail, ticket. */
function catalogueIvr(): FlowGraph {
  return {
    nodes: [
      node('start', 'trigger_incoming_call'),
      node('hola', 'say', { text: 'Bienvenido.' }),
      node('horario', 'business_hours', { scheduleId: SCHEDULE }),
      node('menu', 'gather', {
        prompt: 'Turnos 1, reclamos 2.',
        options: [
          { key: '1', label: 'Turnos' },
          { key: '2', label: 'Reclamos' },
        ],
      }),
      node('dni', 'gather', {
        prompt: 'Ingresá tu DNI y numeral.',
        mode: 'collect',
        pattern: '^\\d{7,8}$',
        saveAs: 'dni',
      }),
      node('buscar', 'lookup_citizen', { by: 'dni', value: '{{vars.dni}}' }),
      node('consent', 'update_citizen', { consents: [{ channel: 'sms', status: 'granted' }] }),
      node('cola', 'transfer_to_queue', { queueId: QUEUE, holdMessage: 'Aguardá, {{contact.first_name}}.' }),
      node('grabar', 'record_voicemail', {}),
      node('ticket', 'create_ticket', {
        areaId: AREA,
        subject: 'Reclamo telefónico',
        description: 'Audio: {{vars.grabacion}}',
      }),
      node('chau', 'hang_up', { goodbye: 'Gracias.' }),
      node('fin', 'end', { outcome: 'closed' }),
    ],
    edges: edges(
      ['start', 'next', 'hola'],
      ['hola', 'next', 'horario'],
      ['horario', 'open', 'menu'],
      ['horario', 'closed', 'fin'],
      ['menu', 'opt_1', 'dni'],
      ['menu', 'opt_2', 'grabar'],
      ['menu', 'no_input', 'chau'],
      ['menu', 'invalid', 'chau'],
      ['dni', 'collected', 'buscar'],
      ['dni', 'no_input', 'chau'],
      ['dni', 'invalid', 'chau'],
      ['buscar', 'found', 'consent'],
      ['buscar', 'not_found', 'chau'],
      ['consent', 'updated', 'cola'],
      ['cola', 'answered', 'chau'],
      ['cola', 'timeout', 'grabar'],
      ['grabar', 'recorded', 'ticket'],
      ['ticket', 'created', 'chau'],
    ),
    notes: [],
  };
}
