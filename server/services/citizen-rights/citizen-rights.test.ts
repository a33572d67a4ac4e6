import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema } from '@/db';
import type { CallRecording } from '@/db/schema';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { startExecution } from '@/server/services/executions/start-execution';
import { createActivities } from '@/workflows/activities';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { apiSmsGraph } from '@/workflows/testing/graphs';
import { eraseCitizen } from './erase-citizen';

const db = testDb();

/** A person of the shared base with values found nowhere else in the test database. */
async function createPerson() {
  const tag = randomBytes(5).toString('hex');
  const person = {
    firstName: `Nombre${tag}`,
    lastName: `Apellido${tag}`,
    dni: String(randomInt(10_000_000, 99_999_999)),
    phone: `+549342${randomInt(1_000_000, 9_999_999)}`,
    email: `persona-${tag}@example.com`,
  };
  const [row] = await db
    .insert(schema.citizen)
    .values({
      firstName: person.firstName,
      lastName: person.lastName,
      dni: person.dni,
      phones: [person.phone],
      email: person.email,
      locality: 'Santa Fe',
      attributes: { obraSocial: `OS-${tag}` },
    })
    .returning();
  if (!row) throw new Error('citizen insert returned nothing');
  return { ...person, id: row.id, attribute: `OS-${tag}` };
}
type Person = Awaited<ReturnType<typeof createPerson>>;

/** Every text, text[] and json(b) column of the database that holds any of `needles` (case-insensitive). */
async function tracesOf(...needles: string[]): Promise<string[]> {
  const columns = await db.execute<{ table_name: string; column_name: string }>(sql`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'ARRAY', 'character varying')`);
  const patterns = sql.join(
    needles.map((n) => sql`${`%${n}%`}`),
    sql`, `,
  );
  const found: string[] = [];
  for (const c of columns) {
    const rows = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text ilike any (array[${patterns}])`,
    );
    if ((rows[0]?.n ?? 0) > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

describe('data subject rights (Ley 25.326 arts. 14–16)', () => {
  let a: Tenant;
  let b: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let x: Person;
  let y: Person;
  const executions = { xInA: '', xInB: '', yInA: '' };
  const seeded = { ticket: '', workItem: '', recording: '' };

  const adminOf = (t: Tenant) =>
    createCaller(
      createContext({
        db,
        session: { id: randomUUID(), userId: t.members.admin.userId, activeOrganizationId: t.org.id },
        temporal: async () => engine.client,
        taskQueue: engine.taskQueue,
      }),
    );

  /** Runs the published SMS flow for a person, for real on Temporal, and waits for it. */
  const runFor = async (t: Tenant, flowId: string, p: Person) => {
    const version = await db.query.flowVersion.findFirst({ where: eq(schema.flowVersion.flowId, flowId) });
    if (!version) throw new Error('flow not published');
    const executionId = `api-${randomUUID()}`;
    await startExecution(
      { db, temporal: async () => engine.client, taskQueue: engine.taskQueue },
      {
        organizationId: t.org.id,
        program: version.program,
        executionId,
        channel: 'api',
        variables: {
          input: { telefono: p.phone, nombre: p.firstName, dni: p.dni },
          contact: { phone: p.phone, first_name: p.firstName },
        },
      },
    );
    await engine.client.workflow.getHandle(executionId).result();
    return executionId;
  };

  beforeAll(async () => {
    engine = await startEngineWorker(createActivities({ db }));
    a = await createTenant(db, 'Derechos');
    b = await createTenant(db, 'OtroOrganismo');
    const flowIn = async (t: Tenant) => {
      const flow = await callerFor(db, t, 'designer').flows.create({
        name: 'Aviso',
        kind: 'api',
        graph: apiSmsGraph(),
      });
      await callerFor(db, t, 'designer').flows.publish({ flowId: flow.id, note: '' });
      return flow.id;
    };
    const [flowA, flowB] = [await flowIn(a), await flowIn(b)];
    x = await createPerson();
    y = await createPerson();
    executions.xInA = await runFor(a, flowA, x);
    executions.xInB = await runFor(b, flowB, x);
    executions.yInA = await runFor(a, flowA, y);
    // What else organismo A holds on x: a consent, a ticket, a work item, a survey answer, a recording.
    await db
      .insert(schema.citizenConsent)
      .values({ organizationId: a.org.id, citizenId: x.id, channel: 'sms', status: 'granted' });
    const [area] = await db
      .insert(schema.area)
      .values({ organizationId: a.org.id, name: `Área ${a.tag}` })
      .returning();
    const [ticket] = await db
      .insert(schema.ticket)
      .values({
        organizationId: a.org.id,
        areaId: area?.id ?? '',
        executionId: executions.xInA,
        citizenId: x.id,
        number: 1,
        category: 'turnos',
        subject: `Reclamo de ${x.lastName}`,
        description: `DNI ${x.dni}, llamar al ${x.phone}`,
        slaHours: 48,
        dueAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    const [workItem] = await db
      .insert(schema.workItem)
      .values({
        organizationId: a.org.id,
        queueId: a.queue.id,
        executionId: executions.xInA,
        citizenId: x.id,
        type: 'callback',
        fields: [{ label: 'DNI', value: x.dni }],
        notes: `Hablar con ${x.firstName}`,
      })
      .returning();
    await db.insert(schema.surveyResponse).values({
      organizationId: a.org.id,
      executionId: executions.xInA,
      stepId: 'csat',
      scale: 'csat',
      score: 5,
      citizenId: x.id,
    });
    const [recording] = await db
      .insert(schema.callRecording)
      .values({
        organizationId: a.org.id,
        executionId: executions.xInA,
        citizenId: x.id,
        source: 'twilio',
        recordingSid: `RE${randomBytes(16).toString('hex')}`,
        accountSid: `AC${randomBytes(16).toString('hex')}`,
        ownNumber: a.phoneNumber,
        mediaUrl: `https://api.twilio.com/recordings/${x.phone}`,
        durationSeconds: 12,
      })
      .returning();
    // What x wrote to A's number, by WhatsApp: the inbox keeps the sender as Twilio sent it.
    await db.insert(schema.inboundMessage).values({
      organizationId: a.org.id,
      messageSid: `SM${randomBytes(16).toString('hex')}`,
      fromAddress: `whatsapp:${x.phone}`,
      toAddress: a.phoneNumber,
      body: `Soy ${x.firstName}, DNI ${x.dni}`,
      state: 'delivered',
    });
    seeded.ticket = ticket?.id ?? '';
    seeded.workItem = workItem?.id ?? '';
    seeded.recording = recording?.id ?? '';
  });

  afterAll(async () => {
    await engine.stop();
    await closeTestDb();
  });

  it("exports everything the organismo holds on the person, and nothing of another person's or organismo's", async () => {
    const doc = await adminOf(a).citizens.export({ id: x.id });
    expect(doc.citizen).toMatchObject({
      id: x.id,
      dni: x.dni,
      firstName: x.firstName,
      lastName: x.lastName,
      phones: [x.phone],
      email: x.email,
      attributes: { obraSocial: x.attribute },
    });
    expect(doc.consents).toEqual([expect.objectContaining({ channel: 'sms', status: 'granted' })]);
    expect(doc.executions.map((e) => e.id)).toEqual([executions.xInA]);
    expect(doc.executions[0]?.variables).toMatchObject({ input: { dni: x.dni } });
    expect(doc.executions[0]?.trace.length).toBeGreaterThan(0);
    expect(doc.messages).toEqual([
      expect.objectContaining({ to: x.phone, body: `Hola ${x.firstName}, tu turno está confirmado.` }),
    ]);
    expect(doc.tickets.map((t) => t.id)).toEqual([seeded.ticket]);
    expect(doc.workItems.map((w) => w.id)).toEqual([seeded.workItem]);
    expect(doc.surveys).toEqual([expect.objectContaining({ score: 5, executionId: executions.xInA })]);
    expect(doc.recordings.map((r) => r.id)).toEqual([seeded.recording]);
    const serialized = JSON.stringify(doc);
    for (const other of [executions.yInA, executions.xInB, y.phone, y.lastName, y.dni, b.org.id]) {
      expect(serialized).not.toContain(other);
    }
    const audit = await db.query.auditLog.findFirst({
      where: and(eq(schema.auditLog.action, 'citizen.exported'), eq(schema.auditLog.targetId, x.id)),
    });
    expect(audit?.organizationId).toBe(a.org.id);
    expect(JSON.stringify(audit?.data)).not.toContain(x.lastName);
    // Admins only; an organismo that holds nothing on the person gets nothing.
    await expect(callerFor(db, a, 'supervisor').citizens.export({ id: x.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(adminOf(b).citizens.export({ id: y.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rectifies the shared record, audited by field name', async () => {
    const rectified = await adminOf(a).citizens.rectify({
      id: y.id,
      firstName: y.firstName,
      lastName: y.lastName,
      dni: y.dni,
      phones: [y.phone],
      email: y.email,
      locality: 'Rosario',
      birthDate: '1980-05-04',
    });
    expect(rectified.changed).toEqual(['locality', 'birthDate']);
    const row = await db.query.citizen.findFirst({ where: eq(schema.citizen.id, y.id) });
    expect(row).toMatchObject({ locality: 'Rosario', birthDate: '1980-05-04' });
    const audit = await db.query.auditLog.findFirst({
      where: and(eq(schema.auditLog.action, 'citizen.rectified'), eq(schema.auditLog.targetId, y.id)),
    });
    expect(audit?.data).toEqual({ fields: ['locality', 'birthDate'] });
    await expect(
      adminOf(a).citizens.rectify({
        id: y.id,
        firstName: 'A',
        lastName: 'B',
        dni: null,
        phones: ['no'],
        email: null,
        locality: null,
        birthDate: null,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('erases the person everywhere: rows anonymised or deleted, recordings at the provider, Temporal histories', async () => {
    const deleted: CallRecording[] = [];
    const first = await eraseCitizen(
      {
        db,
        temporal: async () => engine.client,
        deleteRecording: async (r) => {
          deleted.push(r);
          return 'deleted';
        },
      },
      { organizationId: a.org.id, userId: a.members.admin.userId, requestId: randomUUID() },
      x.id,
    );
    // Organismo B still holds data on x: the shared record stays, B's data is untouched.
    expect(first).toEqual({
      executions: 1,
      workflowHistories: 1,
      recordings: 1,
      messages: 1,
      tickets: 1,
      workItems: 1,
      surveys: 1,
      consents: 1,
      citizen: 'kept_shared',
    });
    expect(deleted.map((r) => r.id)).toEqual([seeded.recording]);
    const describe = (id: string) => engine.client.workflow.getHandle(id).describe();
    await vi.waitFor(() => expect(describe(executions.xInA)).rejects.toBeInstanceOf(WorkflowNotFoundError), {
      // Temporal deletes a history in the background: seconds alone, much longer on a loaded machine.
      timeout: 90_000,
      interval: 500,
    });
    await expect(describe(executions.xInB)).resolves.toBeDefined();
    await expect(describe(executions.yInA)).resolves.toBeDefined();
    // The counts keep their rows, without the person.
    const kept = await db.query.execution.findFirst({ where: eq(schema.execution.id, executions.xInA) });
    expect(kept).toMatchObject({ status: 'completed', variables: null, contactRef: null, citizenId: null });
    expect(await db.query.ticket.findFirst({ where: eq(schema.ticket.id, seeded.ticket) })).toMatchObject({
      citizenId: null,
      description: '',
    });
    // y, in the same organismo, keeps everything.
    const other = await db.query.execution.findFirst({ where: eq(schema.execution.id, executions.yInA) });
    expect(other?.variables).toMatchObject({ input: { dni: y.dni } });
    await expect(adminOf(a).citizens.export({ id: x.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // B's admin erases what B holds: now no organismo does, and the shared record goes too.
    const second = await adminOf(b).citizens.erase({ id: x.id });
    expect(second).toMatchObject({ executions: 1, workflowHistories: 1, messages: 1, citizen: 'deleted' });
    await vi.waitFor(() => expect(describe(executions.xInB)).rejects.toBeInstanceOf(WorkflowNotFoundError), {
      // Temporal deletes a history in the background: seconds alone, much longer on a loaded machine.
      timeout: 90_000,
      interval: 500,
    });
    const nationalDigits = x.phone.slice(-10);
    expect(await tracesOf(x.firstName, x.lastName, x.dni, nationalDigits, x.email, x.attribute)).toEqual([]);
    // The search does find a person who was not erased.
    expect(await tracesOf(y.lastName, y.dni)).toEqual(
      expect.arrayContaining(['citizen.last_name', 'citizen.dni', 'execution.variables']),
    );
    const audits = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, 'citizen.erased'), eq(schema.auditLog.targetId, x.id)));
    expect(audits.map((r) => r.organizationId).sort()).toEqual([a.org.id, b.org.id].sort());
  }, 300_000);
});
