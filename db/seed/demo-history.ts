import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '../index';

/** The demo call's execution id: an after-hours call from María González who left a message. */
const DEMO_CALL_EXECUTION_ID = 'call-CAdemo0000000000000000000000000001';

/**
 * A past interaction for the demo citizen María González (DNI 20123456): she called the
 * vaccination line after hours and left a message, so her page and the execution's page show a
 * history and a recording. The recording came from the test phone's simulator: it has no audio,
 * and the app says so (nothing here pretends to be a real voice).
 */
export async function seedDemoHistory(db: Database, args: { organizationId: string }): Promise<void> {
  const ivr = await db.query.flow.findFirst({
    where: and(
      eq(schema.flow.organizationId, args.organizationId),
      eq(schema.flow.name, 'Turnos de vacunación'),
    ),
  });
  const version = ivr
    ? await db.query.flowVersion.findFirst({ where: eq(schema.flowVersion.flowId, ivr.id) })
    : undefined;
  const maria = await db.query.citizen.findFirst({ where: eq(schema.citizen.dni, '20123456') });
  if (!ivr || !version || !maria) throw new Error('demo history needs the IVR and María González');
  const startedAt = new Date(Date.now() - 26 * 60 * 60 * 1000);
  const at = (seconds: number) => new Date(startedAt.getTime() + seconds * 1000);
  await db.insert(schema.execution).values({
    id: DEMO_CALL_EXECUTION_ID,
    organizationId: args.organizationId,
    flowId: ivr.id,
    versionId: version.id,
    workflowId: DEMO_CALL_EXECUTION_ID,
    channel: 'voice',
    status: 'completed',
    outcome: 'done',
    contactRef: maria.phones[0] ?? null,
    citizenId: maria.id,
    startedAt,
    endedAt: at(58),
    variables: {
      call: { from: maria.phones[0] ?? '', to: '+543424000000' },
      vars: { grabacion: 'simulada:demo' },
    },
  });
  const steps: [string, string, string, number][] = [
    ['inicio', 'trigger_incoming_call', 'next', 0],
    ['bienvenida', 'say', 'next', 1],
    ['horario', 'business_hours', 'closed', 6],
    ['cerrado', 'say', 'next', 7],
    ['mensaje', 'record_voicemail', 'recorded', 40],
    ['ticket', 'create_ticket', 'created', 41],
    ['gracias', 'hang_up', 'done', 42],
  ];
  await db.insert(schema.executionTrace).values(
    steps.map(([stepId, kind, port, second], i) => ({
      executionId: DEMO_CALL_EXECUTION_ID,
      seq: i + 1,
      organizationId: args.organizationId,
      stepId,
      kind,
      port,
      at: at(second),
    })),
  );
  await db.insert(schema.callRecording).values({
    organizationId: args.organizationId,
    executionId: DEMO_CALL_EXECUTION_ID,
    stepId: 'mensaje',
    citizenId: maria.id,
    source: 'simulator',
    recordingSid: 'SIMRE-demo-maria-1',
    durationSeconds: 31,
    createdAt: at(40),
  });
}
