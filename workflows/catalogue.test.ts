import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createSimulatorAdapter } from '@/server/channels/simulator';
import { loadCompileResources } from '@/server/services/flows/resources';
import { takeReplyWaiter } from '@/server/services/replies/reply-wait';
import type { ExecutionInput, VoiceInput, VoiceTurnResult } from '../lib/contracts/execution';
import type { FlowProgram } from '../lib/contracts/program';
import { createActivities } from './activities';
import type { FlowGraph, GraphNode } from './dsl/graph';
import { inboundMessageSignal, type RunFlow, resolutionSignal, voiceTurnUpdate } from './messages';
import { compileOrThrow, startEngineWorker } from './testing/engine-harness';

/**
 * Every node kind compiled and executed on the real Temporal dev server with the real activities
 * over PostgreSQL (simulator channel): what each node did is checked in the database.
 */
const db = testDb();
let t: Tenant;
let engine: Awaited<ReturnType<typeof startEngineWorker>>;
let http: Server;
let httpPort = 0;
let areaId = '';
let scheduleId = '';
const dni = String(30_000_000 + Math.floor(Math.random() * 9_000_000));
const phone = `+54934240${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}
function edges(...list: [string, string, string][]): FlowGraph['edges'] {
  return list.map(([source, sourcePort, target], i) => ({ id: `e${i}`, source, sourcePort, target }));
}
async function compileFor(graph: FlowGraph, flowId = t.flow.id): Promise<FlowProgram> {
  const resources = await loadCompileResources(db, t.org.id, flowId);
  return compileOrThrow(graph, { ...resources, flowId });
}
function input(
  channel: ExecutionInput['channel'],
  variables: ExecutionInput['variables'] = {},
): ExecutionInput {
  return {
    executionId: `cat-${randomUUID()}`,
    organizationId: t.org.id,
    channel,
    timeZone: 'America/Argentina/Cordoba',
    variables,
  };
}

describe('the node catalogue on Temporal with real activities', () => {
  beforeAll(async () => {
    process.env.CAUCE_HTTP_ALLOW_LOOPBACK = '1';
    t = await createTenant(db, 'Catalogo');
    const [area] = await db
      .insert(schema.area)
      .values({ organizationId: t.org.id, name: 'Vacunatorio' })
      .returning();
    const [sched] = await db
      .insert(schema.schedule)
      .values({
        organizationId: t.org.id,
        name: 'Siempre',
        windows: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: '00:00', end: '24:00' })),
        nationalHolidays: '',
      })
      .returning();
    areaId = area?.id ?? '';
    scheduleId = sched?.id ?? '';
    await db.insert(schema.citizen).values({
      dni,
      firstName: 'Rosa',
      lastName: 'Benítez',
      phones: [phone],
      email: `rosa-${dni}@example.com`,
    });
    http = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ turno: { fecha: '2026-12-01', lugar: 'Hospital Cullen' }, path: req.url }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    httpPort = typeof address === 'object' && address ? address.port : 0;
    await db
      .insert(schema.organizationSettings)
      .values({ organizationId: t.org.id, allowedHosts: ['127.0.0.1'] })
      .onConflictDoUpdate({
        target: schema.organizationSettings.organizationId,
        set: { allowedHosts: ['127.0.0.1'] },
      });
    engine = await startEngineWorker(createActivities({ db }));
  });

  afterAll(async () => {
    await engine?.stop();
    await new Promise((r) => http?.close(r));
    await closeTestDb();
  });

  it('an IVR: business hours, menu, DNI, citizen lookup and update, queue transfer, voicemail, ticket, survey, dial', async () => {
    const graph: FlowGraph = {
      nodes: [
        node('start', 'trigger_incoming_call'),
        node('hola', 'say', { text: 'Bienvenido.' }),
        node('horario', 'business_hours', { scheduleId }),
        node('menu', 'gather', {
          prompt: 'Turnos 1, reclamos 2, encuesta 3.',
          options: [
            { key: '1', label: 'Turnos' },
            { key: '2', label: 'Reclamos' },
            { key: '3', label: 'Encuesta' },
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
        node('cola', 'transfer_to_queue', {
          queueId: t.queue.id,
          holdMessage: 'Aguardá, {{contact.first_name}}.',
        }),
        node('grabar', 'record_voicemail', {}),
        node('ticket', 'create_ticket', {
          areaId,
          subject: 'Reclamo telefónico',
          description: 'Audio: {{vars.grabacion}}',
        }),
        node('encuesta', 'survey', { scale: 'csat' }),
        node('derivar', 'dial_number', { number: '+543424111111' }),
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
        ['menu', 'opt_3', 'encuesta'],
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
        ['encuesta', 'answered', 'derivar'],
        ['encuesta', 'invalid', 'chau'],
        ['encuesta', 'no_response', 'chau'],
        ['derivar', 'answered', 'chau'],
        ['derivar', 'busy', 'chau'],
        ['derivar', 'no_answer', 'chau'],
        ['derivar', 'failed', 'chau'],
      ),
      notes: [],
    };
    const program = await compileFor(graph);
    const call = async (answers: VoiceInput[]) => {
      const execInput = input('voice', { call: { from: phone, to: '+543424000000', sid: randomUUID() } });
      const turns: VoiceTurnResult[] = [
        await engine.client.workflow.executeUpdateWithStart(voiceTurnUpdate, {
          args: [{}],
          startWorkflowOperation: new WithStartWorkflowOperation<RunFlow>('runFlow', {
            taskQueue: engine.taskQueue,
            workflowId: execInput.executionId,
            args: [program, execInput],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        }),
      ];
      const handle = engine.client.workflow.getHandle(execInput.executionId);
      for (const [i, answer] of answers.entries()) {
        turns.push(
          await handle.executeUpdate(voiceTurnUpdate, {
            args: [answer],
            updateId: `${execInput.executionId}:${i + 1}`,
          }),
        );
      }
      return { turns, result: await handle.result(), executionId: execInput.executionId };
    };

    // 1 → DNI → found → consent → queue → an agent answers.
    const turnos = await call([{ digits: '1' }, { digits: dni }, { dialStatus: 'bridged' }]);
    expect(turnos.turns[3]?.instructions.find((i) => i.type === 'enqueue')).toBeUndefined();
    const enqueue = turnos.turns[2]?.instructions.at(-1);
    expect(enqueue).toMatchObject({ type: 'enqueue', queueId: t.queue.id, holdMessage: 'Aguardá, Rosa.' });
    expect(turnos.result).toMatchObject({
      status: 'completed',
      variables: { contact: { first_name: 'Rosa', dni } },
    });
    const items = await db
      .select()
      .from(schema.workItem)
      .where(eq(schema.workItem.executionId, turnos.executionId));
    expect(items).toHaveLength(1);
    const consent = await db.query.citizenConsent.findFirst({
      where: and(
        eq(schema.citizenConsent.organizationId, t.org.id),
        eq(schema.citizenConsent.channel, 'sms'),
      ),
    });
    expect(consent?.status).toBe('granted');

    // 2 → voicemail → ticket in the area.
    const reclamo = await call([
      { digits: '2' },
      { recordingUrl: 'https://api.twilio.com/rec/RE1', recordingDurationSeconds: 12 },
    ]);
    expect(reclamo.turns[2]?.instructions.at(-1)).toEqual({ type: 'hangup' });
    const tickets = await db
      .select()
      .from(schema.ticket)
      .where(eq(schema.ticket.executionId, reclamo.executionId));
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      areaId,
      subject: 'Reclamo telefónico',
      description: 'Audio: https://api.twilio.com/rec/RE1',
    });

    // 3 → survey by keypad → dial a number.
    const encuesta = await call([{ digits: '3' }, { digits: '5' }, { dialStatus: 'completed' }]);
    expect(encuesta.turns[2]?.instructions.at(-1)).toMatchObject({ type: 'dial', number: '+543424111111' });
    const surveys = await db
      .select()
      .from(schema.surveyResponse)
      .where(eq(schema.surveyResponse.executionId, encuesta.executionId));
    expect(surveys).toMatchObject([{ scale: 'csat', score: 5 }]);
    const trace = await db
      .select()
      .from(schema.executionTrace)
      .where(eq(schema.executionTrace.executionId, encuesta.executionId));
    expect(trace.map((r) => r.stepId)).toEqual(
      expect.arrayContaining(['hola', 'horario', 'menu', 'encuesta', 'derivar', 'chau']),
    );
  });

  it('an API flow: HTTP request, intent, A/B split, email, WhatsApp, work item disposition, subflow, wait', async () => {
    // The subflow: a published flow that sets a variable from its input.
    const [childFlow] = await db
      .insert(schema.flow)
      .values({ organizationId: t.org.id, name: `Hijo ${t.tag}`, draft: { nodes: [], edges: [], notes: [] } })
      .returning();
    if (!childFlow) throw new Error('no child flow');
    const childProgram = await compileFor(
      {
        nodes: [
          node('start', 'trigger_api', { fields: [{ name: 'lugar' }] }),
          node('set', 'set_variables', {
            assignments: [{ name: 'confirmacion', value: 'Turno en {{input.lugar}}' }],
          }),
          node('end', 'end', { outcome: 'ok' }),
        ],
        edges: edges(['start', 'next', 'set'], ['set', 'next', 'end']),
        notes: [],
      },
      childFlow.id,
    );
    await db.insert(schema.flowVersion).values({
      id: childProgram.versionId,
      organizationId: t.org.id,
      flowId: childFlow.id,
      version: 1,
      graph: { nodes: [], edges: [], notes: [] },
      program: childProgram,
      hash: childProgram.hash,
    });
    await db.update(schema.flow).set({ latestVersion: 1 }).where(eq(schema.flow.id, childFlow.id));

    const graph: FlowGraph = {
      nodes: [
        node('start', 'trigger_api', { fields: [{ name: 'texto' }, { name: 'email' }, { name: 'tel' }] }),
        node('http', 'http_request', {
          url: `http://127.0.0.1:${httpPort}/turnos?dni=1`,
          responseMappings: [{ variable: 'lugar', path: 'turno.lugar' }],
        }),
        node('intencion', 'classify_intent', {
          text: '{{input.texto}}',
          intents: [
            {
              id: 'turnos',
              label: 'Turnos',
              examples: ['quiero sacar turno para la vacuna', 'necesito un turno'],
            },
            {
              id: 'reclamo',
              label: 'Reclamo',
              examples: ['quiero hacer un reclamo', 'se rompió el alumbrado'],
            },
          ],
        }),
        node('ab', 'ab_split', {
          branches: [
            { id: 'a', label: 'A', weight: 50 },
            { id: 'b', label: 'B', weight: 50 },
          ],
        }),
        node('mail', 'send_email', {
          to: '{{input.email}}',
          subject: 'Tu turno',
          text: 'Te esperamos en {{vars.lugar}}.',
        }),
        node('wa', 'send_whatsapp', { to: '{{input.tel}}', body: 'Turno en {{vars.lugar}}' }),
        node('tarea', 'create_work_item', {
          queueId: t.queue.id,
          type: 'review',
          fields: [{ label: 'Lugar', value: '{{vars.lugar}}' }],
          dispositions: ['confirmado', 'rechazado'],
          waitForDisposition: true,
          maxWaitHours: 1,
        }),
        node('hijo', 'subflow', {
          flowId: childFlow.id,
          inputs: [{ name: 'lugar', value: '{{vars.lugar}}' }],
          outputs: ['confirmacion'],
        }),
        node('pausa', 'wait', { amount: 1, unit: 'seconds' }),
        node('fin', 'end', { outcome: 'listo' }),
        node('mal', 'end', { outcome: 'fallo' }),
      ],
      edges: edges(
        ['start', 'next', 'http'],
        ['http', 'success', 'intencion'],
        ['http', 'failure', 'mal'],
        ['intencion', 'intent_turnos', 'ab'],
        ['intencion', 'intent_reclamo', 'mal'],
        ['intencion', 'unknown', 'mal'],
        ['ab', 'branch_a', 'mail'],
        ['ab', 'branch_b', 'mail'],
        ['mail', 'sent', 'wa'],
        ['wa', 'sent', 'tarea'],
        ['tarea', 'disp_confirmado', 'hijo'],
        ['tarea', 'disp_rechazado', 'mal'],
        ['tarea', 'expired', 'mal'],
        ['hijo', 'done', 'pausa'],
        ['pausa', 'next', 'fin'],
      ),
      notes: [],
    };
    const program = await compileFor(graph);
    const execInput = input('api', {
      input: {
        texto: 'hola, quiero sacar un turno para vacunarme',
        email: 'vecina@example.com',
        tel: '+5493424999999',
      },
    });
    const handle = await engine.client.workflow.start<RunFlow>('runFlow', {
      taskQueue: engine.taskQueue,
      workflowId: execInput.executionId,
      args: [program, execInput],
    });
    let item: typeof schema.workItem.$inferSelect | undefined;
    for (let i = 0; i < 100 && !item; i++) {
      item = await db.query.workItem.findFirst({
        where: eq(schema.workItem.executionId, execInput.executionId),
      });
      if (!item) await new Promise((r) => setTimeout(r, 100));
    }
    expect(item?.fields).toEqual([{ label: 'Lugar', value: 'Hospital Cullen' }]);
    await handle.signal(resolutionSignal, { kind: 'workItem', id: item?.id ?? '', outcome: 'confirmado' });
    const result = await handle.result();
    expect(result).toMatchObject({
      status: 'completed',
      outcome: 'listo',
      variables: {
        vars: { lugar: 'Hospital Cullen', intent: 'turnos', confirmacion: 'Turno en Hospital Cullen' },
      },
    });
    const sent = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.executionId, execInput.executionId));
    expect(sent.map((m) => [m.channel, m.to]).sort()).toEqual([
      ['email', 'vecina@example.com'],
      ['whatsapp', '+5493424999999'],
    ]);
  });

  it('a campaign contact: outbound call outcomes map to ports', async () => {
    const graph: FlowGraph = {
      nodes: [
        node('start', 'trigger_campaign_contact'),
        node('llamar', 'place_outbound_call', { to: '{{contact.phone}}' }),
        ...['answered', 'machine', 'no_answer', 'busy', 'failed'].map((o) => node(o, 'end', { outcome: o })),
      ],
      edges: edges(
        ['start', 'next', 'llamar'],
        ...['answered', 'machine', 'no_answer', 'busy', 'failed'].map((o): [string, string, string] => [
          'llamar',
          o,
          o,
        ]),
      ),
      notes: [],
    };
    const program = await compileFor(graph);
    const outcomes: Record<string, string> = {
      '+5493424550000': 'answered',
      '+5493424550001': 'no_answer',
      '+5493424550002': 'busy',
      '+5493424550003': 'machine',
    };
    for (const [to, expected] of Object.entries(outcomes)) {
      const execInput = input('campaign', { contact: { phone: to } });
      const result = await engine.client.workflow.execute<RunFlow>('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: execInput.executionId,
        args: [program, execInput],
      });
      expect(result.outcome).toBe(expected);
    }
  });

  it('a data check: validate_input normalises a DNI and a phone, and a bad one takes invalid', async () => {
    const graph: FlowGraph = {
      nodes: [
        node('start', 'trigger_api', { fields: [{ name: 'dni' }, { name: 'tel' }] }),
        node('dni', 'validate_input', { value: '{{input.dni}}', saveAs: 'dni' }),
        node('tel', 'validate_input', { value: '{{input.tel}}', format: 'phone', saveAs: 'tel' }),
        node('sms', 'send_sms', { to: '{{vars.tel}}', body: 'DNI {{vars.dni}} registrado.' }),
        node('ok', 'end', { outcome: 'ok' }),
        node('mal', 'end', { outcome: 'invalido' }),
      ],
      edges: edges(
        ['start', 'next', 'dni'],
        ['dni', 'valid', 'tel'],
        ['dni', 'invalid', 'mal'],
        ['tel', 'valid', 'sms'],
        ['tel', 'invalid', 'mal'],
        ['sms', 'sent', 'ok'],
      ),
      notes: [],
    };
    const program = await compileFor(graph);
    const run = (given: { dni: string; tel: string }) => {
      const execInput = input('api', { input: given });
      const result = engine.client.workflow.execute<RunFlow>('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: execInput.executionId,
        args: [program, execInput],
      });
      return { executionId: execInput.executionId, result };
    };
    const good = run({ dni: '20.123.456', tel: '0342 15 566-7788' });
    expect(await good.result).toMatchObject({
      outcome: 'ok',
      variables: { vars: { dni: '20123456', tel: '+5493425667788' } },
    });
    const sent = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.executionId, good.executionId));
    expect(sent.map((m) => [m.to, m.body])).toEqual([['+5493425667788', 'DNI 20123456 registrado.']]);
    expect((await run({ dni: '20123456', tel: '4000000' }).result).outcome).toBe('invalido');
  });

  it('a worker killed mid-execution resumes on another worker without sending anything twice', async () => {
    const graph: FlowGraph = {
      nodes: [
        node('start', 'trigger_api', { fields: [{ name: 'tel' }] }),
        node('uno', 'send_sms', { to: '{{input.tel}}', body: 'Primer aviso' }),
        node('pausa', 'wait', { amount: 4, unit: 'seconds' }),
        node('dos', 'send_sms', { to: '{{input.tel}}', body: 'Segundo aviso' }),
        node('fin', 'end', { outcome: 'avisado' }),
      ],
      edges: edges(
        ['start', 'next', 'uno'],
        ['uno', 'sent', 'pausa'],
        ['pausa', 'next', 'dos'],
        ['dos', 'sent', 'fin'],
      ),
      notes: [],
    };
    const program = await compileFor(graph);
    const first = await startEngineWorker(createActivities({ db }));
    const execInput = input('api', { input: { tel: '+5493424777777' } });
    const handle = await engine.client.workflow.start<RunFlow>('runFlow', {
      taskQueue: first.taskQueue,
      workflowId: execInput.executionId,
      args: [program, execInput],
    });
    const count = () =>
      db.$count(schema.outboundMessage, eq(schema.outboundMessage.executionId, execInput.executionId));
    for (let i = 0; i < 100 && (await count()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await first.stop();
    expect(await count()).toBe(1);
    const second = await startEngineWorker(createActivities({ db }), first.taskQueue);
    try {
      expect(await handle.result()).toMatchObject({ status: 'completed', outcome: 'avisado' });
    } finally {
      await second.stop();
    }
    const rows = await db
      .select()
      .from(schema.outboundMessage)
      .where(eq(schema.outboundMessage.executionId, execInput.executionId));
    expect(rows.map((r) => r.body).sort()).toEqual(['Primer aviso', 'Segundo aviso']);
  });

  it('an activity that dies after sending is retried without a second send', async () => {
    const simulator = createSimulatorAdapter(db);
    const delivered: string[] = [];
    const counting = {
      ...simulator,
      sendSms: async (m: Parameters<typeof simulator.sendSms>[0]) => {
        delivered.push(m.body);
        return simulator.sendSms(m);
      },
    };
    const real = createActivities({ db, channels: counting });
    let crashes = 0;
    const crashing = {
      ...real,
      // The send happened, then the worker "died" before Temporal heard of it: the retry must not resend.
      sendMessage: async (args: Parameters<typeof real.sendMessage>[0]) => {
        const result = await real.sendMessage(args);
        if (crashes++ === 0) throw new Error('worker lost after the send');
        return result;
      },
    };
    const worker = await startEngineWorker(crashing);
    try {
      const program = await compileFor({
        nodes: [
          node('start', 'trigger_api', { fields: [{ name: 'tel' }] }),
          node('sms', 'send_sms', { to: '{{input.tel}}', body: 'Aviso único' }),
          node('fin', 'end', { outcome: 'ok' }),
        ],
        edges: edges(['start', 'next', 'sms'], ['sms', 'sent', 'fin']),
        notes: [],
      });
      const execInput = input('api', { input: { tel: '+5493424888888' } });
      const result = await engine.client.workflow.execute<RunFlow>('runFlow', {
        taskQueue: worker.taskQueue,
        workflowId: execInput.executionId,
        args: [program, execInput],
      });
      expect(result.outcome).toBe('ok');
      expect(crashes).toBe(2);
      expect(delivered).toEqual(['Aviso único']);
      expect(
        await db.$count(
          schema.outboundMessage,
          eq(schema.outboundMessage.executionId, execInput.executionId),
        ),
      ).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it('a flow waiting for a reply is found by the sender, so the inbound message reaches it', async () => {
    const program = await compileFor({
      nodes: [
        node('start', 'trigger_incoming_message', { keyword: 'TURNO' }),
        node('pregunta', 'send_sms', {
          to: '{{message.from}}',
          body: '¿Confirmás tu turno? Respondé SI o NO.',
        }),
        node('espera', 'wait_for_reply', { timeoutMinutes: 5, saveAs: 'respuesta' }),
        node('fin', 'end', { outcome: 'respondio' }),
        node('nada', 'end', { outcome: 'sin_respuesta' }),
      ],
      edges: edges(
        ['start', 'next', 'pregunta'],
        ['pregunta', 'sent', 'espera'],
        ['espera', 'replied', 'fin'],
        ['espera', 'timeout', 'nada'],
      ),
      notes: [],
    });
    const from = '+54 9 342 455-1234';
    const execInput = input('sms', { message: { from, body: 'TURNO' } });
    const handle = await engine.client.workflow.start<RunFlow>('runFlow', {
      taskQueue: engine.taskQueue,
      workflowId: execInput.executionId,
      args: [program, execInput],
    });
    let waiter: Awaited<ReturnType<typeof takeReplyWaiter>> = null;
    for (let i = 0; i < 100 && !waiter; i++) {
      waiter = await takeReplyWaiter(db, { organizationId: t.org.id, from: 'whatsapp:+5493424551234' });
      if (!waiter) await new Promise((r) => setTimeout(r, 100));
    }
    expect(waiter).toEqual({ executionId: execInput.executionId, workflowId: execInput.executionId });
    await engine.client.workflow.getHandle(waiter?.workflowId ?? '').signal(inboundMessageSignal, {
      from,
      body: 'SI',
      channel: 'sms',
      receivedAt: new Date().toISOString(),
    });
    expect(await handle.result()).toMatchObject({
      outcome: 'respondio',
      variables: { vars: { respuesta: 'SI' } },
    });
    expect(await takeReplyWaiter(db, { organizationId: t.org.id, from })).toBeNull();
  });
});
