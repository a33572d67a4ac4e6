import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createRecordingDeleter } from '@/server/services/recordings/delete-at-provider';
import { createActivities } from '@/workflows/activities';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { ensureRetentionSchedule, RETENTION_SCHEDULE_ID } from '@/workflows/worker/retention-schedule';
import { PURGE_AUDIT_ACTION, purgeOrganization } from './purge';

const db = testDb();
const DAY = 86_400_000;
const NOW = new Date('2026-06-30T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const TOKEN = randomBytes(16).toString('hex');

/** Stands in for Twilio's REST API: records DELETEs, checks the account's basic auth, fails one SID. */
function twilioStub(refuse: Set<string>) {
  const deletes: string[] = [];
  const server: Server = createServer((req, res) => {
    const expected = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
    if (req.method !== 'DELETE' || req.headers.authorization !== expected) {
      res.writeHead(401).end();
      return;
    }
    deletes.push(req.url ?? '');
    const sid = /Recordings\/(RE[0-9a-f]+)\.json$/.exec(req.url ?? '')?.[1] ?? '';
    res.writeHead(refuse.has(sid) ? 500 : 204).end();
  });
  return { server, deletes };
}

/** One organismo's personal data, each kind once old (past every policy below) and once recent. */
async function seedData(t: Tenant) {
  const tag = randomUUID().slice(0, 8);
  const exec = async (id: string, endedDaysAgo: number | null) => {
    await db.insert(schema.execution).values({
      id,
      organizationId: t.org.id,
      flowId: t.flow.id,
      versionId: 'v',
      workflowId: id,
      channel: 'voice',
      status: endedDaysAgo === null ? 'running' : 'completed',
      variables: { dni: '30111222', dijo: 'quiero un turno' },
      startedAt: ago(endedDaysAgo ?? 100),
      endedAt: endedDaysAgo === null ? null : ago(endedDaysAgo),
    });
    await db.insert(schema.executionTrace).values({
      executionId: id,
      seq: 1,
      organizationId: t.org.id,
      stepId: 'pedir_dni',
      kind: 'gather',
      changed: { dni: '30111222' },
      at: ago(endedDaysAgo ?? 100),
    });
  };
  const ids = { old: `old-${tag}`, recent: `recent-${tag}`, running: `running-${tag}` };
  await exec(ids.old, 40);
  await exec(ids.recent, 5);
  await exec(ids.running, null);
  const recording = async (executionId: string, daysAgo: number, source: 'twilio' | 'simulator') => {
    const sid = source === 'twilio' ? `RE${randomBytes(16).toString('hex')}` : `SIMRE-${randomUUID()}`;
    const [row] = await db
      .insert(schema.callRecording)
      .values({
        organizationId: t.org.id,
        executionId,
        source,
        recordingSid: sid,
        accountSid: source === 'twilio' ? ACCOUNT : null,
        ownNumber: t.phoneNumber,
        mediaUrl: null,
        durationSeconds: 10,
        createdAt: ago(daysAgo),
      })
      .returning();
    return row?.id ?? '';
  };
  const recordings = {
    oldTwilio: await recording(ids.old, 40, 'twilio'),
    oldSimulated: await recording(ids.old, 40, 'simulator'),
    recent: await recording(ids.recent, 5, 'twilio'),
  };
  const message = async (daysAgo: number) => {
    const [row] = await db
      .insert(schema.outboundMessage)
      .values({
        organizationId: t.org.id,
        idempotencyKey: `msg-${randomUUID()}`,
        channel: 'email',
        adapter: 'simulator',
        to: 'vecina@example.com',
        subject: 'Tu turno',
        body: 'Hola Marta, tu turno es el lunes.',
        html: '<p>Hola Marta</p>',
        status: 'delivered',
        createdAt: ago(daysAgo),
      })
      .returning();
    return row?.id ?? '';
  };
  const messages = { old: await message(20), recent: await message(2) };
  const inbound = async (daysAgo: number, state: 'delivered' | 'pending') => {
    const [row] = await db
      .insert(schema.inboundMessage)
      .values({
        organizationId: t.org.id,
        messageSid: `SM${randomBytes(16).toString('hex')}`,
        fromAddress: '+5493415550123',
        toAddress: t.phoneNumber,
        body: 'Soy Marta, DNI 30111222',
        state,
        receivedAt: ago(daysAgo),
      })
      .returning();
    return row?.id ?? '';
  };
  const inbox = {
    old: await inbound(20, 'delivered'),
    oldPending: await inbound(20, 'pending'),
    recent: await inbound(2, 'delivered'),
  };
  return { ids, recordings, messages, inbox };
}

describe('retention purge', () => {
  let a: Tenant;
  let b: Tenant;
  let stub: ReturnType<typeof twilioStub>;
  let apiBaseUrl = '';
  const refuse = new Set<string>();
  const deleter = () =>
    createRecordingDeleter({
      accounts: { platformAuthToken: TOKEN, platformAccountSid: ACCOUNT, db: null },
      apiBaseUrl,
    });

  beforeAll(async () => {
    stub = twilioStub(refuse);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    const address = stub.server.address();
    apiBaseUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    a = await createTenant(db, 'Retiene');
    b = await createTenant(db, 'Guarda');
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => stub.server.close(() => resolve()));
    await closeTestDb();
  });

  it('purges what is older than the policy, in batches, at Twilio too, and audits once per run', async () => {
    await callerFor(db, a, 'admin').retention.savePolicy({
      recordings: 30,
      transcripts: 30,
      messageBodies: 10,
    });
    // The other organismo keeps everything: nothing of it is touched.
    await callerFor(db, b, 'admin').retention.savePolicy({
      recordings: null,
      transcripts: null,
      messageBodies: null,
    });
    const mine = await seedData(a);
    const theirs = await seedData(b);
    const runId = `retention-test-${randomUUID()}`;
    const deps = { db, deleteRecording: deleter() };
    const counts = await purgeOrganization(deps, { organizationId: a.org.id, runId, now: NOW, batchSize: 1 });
    // The fixture's own recording (created now) is recent; the fixture's execution has no end date in range.
    expect(counts).toEqual({
      recordings: 2,
      recordingsAtProvider: 1,
      recordingsFailed: 0,
      transcripts: 1,
      traceRecords: 1,
      messageBodies: 1,
      inboundBodies: 1,
    });
    // What citizens wrote goes with the message bodies, once delivered; one waiting for delivery stays.
    const inboxRows = await db
      .select({ id: schema.inboundMessage.id, body: schema.inboundMessage.body })
      .from(schema.inboundMessage)
      .where(inArray(schema.inboundMessage.id, Object.values(mine.inbox)));
    const bodyOf = (id: string) => inboxRows.find((r) => r.id === id)?.body;
    expect(bodyOf(mine.inbox.old)).toBe('');
    expect(bodyOf(mine.inbox.oldPending)).toBe('Soy Marta, DNI 30111222');
    expect(bodyOf(mine.inbox.recent)).toBe('Soy Marta, DNI 30111222');
    const oldTwilio = await db.query.callRecording.findFirst({
      where: inArray(schema.callRecording.executionId, [mine.ids.old]),
    });
    expect(oldTwilio).toBeUndefined();
    expect(stub.deletes).toHaveLength(1);
    expect(stub.deletes[0]).toMatch(
      new RegExp(`^/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE[0-9a-f]{32}\\.json$`),
    );
    const left = await db
      .select({ id: schema.callRecording.id })
      .from(schema.callRecording)
      .where(eq(schema.callRecording.organizationId, a.org.id));
    expect(left.map((r) => r.id).sort()).toEqual([mine.recordings.recent, a.recordingId].sort());

    const executions = await db
      .select({ id: schema.execution.id, variables: schema.execution.variables })
      .from(schema.execution)
      .where(inArray(schema.execution.id, Object.values(mine.ids)));
    const variablesOf = (id: string) => executions.find((e) => e.id === id)?.variables;
    expect(variablesOf(mine.ids.old)).toBeNull();
    expect(variablesOf(mine.ids.recent)).toMatchObject({ dni: '30111222' });
    // A running execution still needs its variables, however old it is.
    expect(variablesOf(mine.ids.running)).toMatchObject({ dni: '30111222' });
    const traces = await db
      .select({ executionId: schema.executionTrace.executionId, changed: schema.executionTrace.changed })
      .from(schema.executionTrace)
      .where(inArray(schema.executionTrace.executionId, Object.values(mine.ids)));
    expect(traces.find((r) => r.executionId === mine.ids.old)?.changed).toEqual({});
    expect(traces.find((r) => r.executionId === mine.ids.recent)?.changed).toEqual({ dni: '30111222' });

    const messages = await db
      .select()
      .from(schema.outboundMessage)
      .where(inArray(schema.outboundMessage.id, Object.values(mine.messages)));
    // The old row stays (counts, status) with its text gone; the recent one is as sent.
    expect(messages.find((m) => m.id === mine.messages.old)).toMatchObject({
      body: '',
      subject: null,
      html: null,
      to: 'vecina@example.com',
      status: 'delivered',
    });
    expect(messages.find((m) => m.id === mine.messages.recent)).toMatchObject({
      body: 'Hola Marta, tu turno es el lunes.',
    });

    // Nothing of the organismo that keeps everything changed.
    const otherRecordings = await db
      .select({ id: schema.callRecording.id })
      .from(schema.callRecording)
      .where(eq(schema.callRecording.organizationId, b.org.id));
    expect(otherRecordings).toHaveLength(4);
    expect((await purgeOrganization(deps, { organizationId: b.org.id, runId, now: NOW })).recordings).toBe(0);
    const otherOld = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.id, theirs.messages.old),
    });
    expect(otherOld?.body).toBe('Hola Marta, tu turno es el lunes.');

    // One audit row per organismo and run; the same run again changes nothing and writes nothing.
    const again = await purgeOrganization(deps, { organizationId: a.org.id, runId, now: NOW });
    expect(again).toEqual(counts);
    const audits = await db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.action, PURGE_AUDIT_ACTION), eq(schema.auditLog.targetId, runId)));
    expect(audits.filter((r) => r.organizationId === a.org.id)).toHaveLength(1);
    expect(audits.find((r) => r.organizationId === a.org.id)?.data).toMatchObject({
      counts,
      policy: { recordings: 30, transcripts: 30, messageBodies: 10 },
      now: NOW.toISOString(),
    });
    // A later run finds nothing left to purge.
    const later = await purgeOrganization(deps, { organizationId: a.org.id, runId: `${runId}-2`, now: NOW });
    expect(later).toMatchObject({
      recordings: 0,
      transcripts: 0,
      traceRecords: 0,
      messageBodies: 0,
      inboundBodies: 0,
    });
    expect(stub.deletes).toHaveLength(1);
  });

  it('keeps a recording Twilio refuses to delete, goes on with the rest, and tries it next run', async () => {
    const t = await createTenant(db, 'Rehusa');
    await callerFor(db, t, 'admin').retention.savePolicy({
      recordings: 30,
      transcripts: null,
      messageBodies: null,
    });
    const data = await seedData(t);
    const row = await db.query.callRecording.findFirst({
      where: eq(schema.callRecording.id, data.recordings.oldTwilio),
    });
    refuse.add(row?.recordingSid ?? '');
    const deps = { db, deleteRecording: deleter() };
    const first = await purgeOrganization(deps, {
      organizationId: t.org.id,
      runId: `refused-${randomUUID()}`,
      now: NOW,
      batchSize: 1,
    });
    expect(first).toMatchObject({ recordings: 1, recordingsAtProvider: 0, recordingsFailed: 1 });
    expect(
      await db.query.callRecording.findFirst({
        where: eq(schema.callRecording.id, data.recordings.oldTwilio),
      }),
    ).toBeDefined();
    refuse.clear();
    const second = await purgeOrganization(deps, {
      organizationId: t.org.id,
      runId: `refused-${randomUUID()}`,
      now: NOW,
    });
    expect(second).toMatchObject({ recordings: 1, recordingsAtProvider: 1, recordingsFailed: 0 });
  });

  it('runs as a workflow over the organismos, and its schedule is created once and then updated', async () => {
    const t = await createTenant(db, 'Programada');
    await callerFor(db, t, 'admin').retention.savePolicy({
      recordings: null,
      transcripts: 30,
      messageBodies: 10,
    });
    const data = await seedData(t);
    // Only this test's organismo: the shared test database holds every other file's too.
    const activities = {
      ...createActivities({ db, deleteRecording: deleter() }),
      retentionOrganizations: async () => [t.org.id],
    };
    const engine = await startEngineWorker(activities);
    try {
      const workflowId = `retention-purge-test-${randomUUID()}`;
      const result = await engine.client.workflow.execute('retentionPurge', {
        workflowId,
        taskQueue: engine.taskQueue,
        args: [{ now: NOW.toISOString() }],
      });
      expect(result).toMatchObject({
        runId: workflowId,
        organizations: 1,
        totals: { transcripts: 1, traceRecords: 1, messageBodies: 1, recordings: 0 },
      });
      const audit = await db.query.auditLog.findFirst({
        where: and(eq(schema.auditLog.organizationId, t.org.id), eq(schema.auditLog.targetId, workflowId)),
      });
      expect(audit?.action).toBe(PURGE_AUDIT_ACTION);
      const old = await db.query.execution.findFirst({ where: eq(schema.execution.id, data.ids.old) });
      expect(old?.variables).toBeNull();

      const opts = { taskQueue: engine.taskQueue, timeZone: 'America/Argentina/Cordoba' };
      await engine.client.schedule
        .getHandle(RETENTION_SCHEDULE_ID)
        .delete()
        .catch(() => {});
      expect(await ensureRetentionSchedule(engine.client, opts)).toBe('created');
      expect(
        await ensureRetentionSchedule(engine.client, { ...opts, taskQueue: `${engine.taskQueue}-2` }),
      ).toBe('updated');
      const described = await engine.client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
      expect(described.action).toMatchObject({
        workflowType: 'retentionPurge',
        taskQueue: `${engine.taskQueue}-2`,
      });
      expect(described.spec.timezone).toBe('America/Argentina/Cordoba');
      expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }] });
      await engine.client.schedule.getHandle(RETENTION_SCHEDULE_ID).delete();
    } finally {
      await engine.stop();
    }
  });
});
