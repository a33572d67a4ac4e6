import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@/db';
import { overrideEnv } from '@/scripts/test-setup/env';
import {
  callerAs,
  callerFor,
  closeTestDb,
  createTenant,
  type Tenant,
  testDb,
} from '@/scripts/test-setup/fixtures';
import { type PrismServer, platformOnPrism, startPrism } from '@/scripts/test-setup/prism';
import { tenantSnapshot, tenantTables } from '@/scripts/test-setup/tenant-snapshot';
import { dataConverter } from '@/workflows/client';
import { appRouter, createCaller } from './routers/root';
import { createContext, type ProcedureMeta, type TenancyScope, type TenantProbe } from './trpc';

type Outcome = { ok: true; data: unknown } | { ok: false; code: TRPCError['code']; message: string };

// tRPC keeps a flat path → procedure record at run time; read each one's meta without trusting types.
const procedures = Object.entries(appRouter._def.procedures).map(([path, procedure]) => ({
  path,
  meta: metaOf(procedure),
}));

function metaOf(procedure: unknown): ProcedureMeta | undefined {
  const def: unknown = isObject(procedure) ? Reflect.get(procedure, '_def') : undefined;
  const meta: unknown = isObject(def) ? Reflect.get(def, 'meta') : undefined;
  if (!isObject(meta)) return undefined;
  const probe: unknown = Reflect.get(meta, 'probe');
  return {
    builtOn: scopeOf(Reflect.get(meta, 'builtOn')),
    scope: scopeOf(Reflect.get(meta, 'scope')),
    probe: typeof probe === 'function' ? (other: TenantProbe): unknown => probe(other) : undefined,
  };
}

function scopeOf(value: unknown): TenancyScope | undefined {
  return value === 'public' || value === 'user' || value === 'org' ? value : undefined;
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

async function call(caller: unknown, path: string, input: unknown): Promise<Outcome> {
  let target: unknown = caller;
  for (const key of path.split('.')) target = isObject(target) ? Reflect.get(target, key) : undefined;
  if (typeof target !== 'function') throw new Error(`no procedure at ${path}`);
  try {
    return { ok: true, data: await target(input) };
  } catch (err) {
    if (err instanceof TRPCError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}

describe('every procedure keeps organismos apart', () => {
  const db = testDb();
  let a: Tenant;
  let b: Tenant;
  let probe: TenantProbe;
  let secrets: string[];
  let before: unknown;
  let connection: Connection;
  let temporal: Client;
  let historyBefore: { status: string; events: number };
  let prism: PrismServer;
  let restoreEnv = () => {};

  beforeAll(async () => {
    // Saving a subaccount asks Twilio's Accounts API: Prism, under the account that owns its example.
    prism = await startPrism();
    restoreEnv = overrideEnv(platformOnPrism(prism));
    a = await createTenant(db, 'Victim');
    b = await createTenant(db, 'Caller');
    // What the victim's interactions hold: variables, a trace, an outbox body, an audit row, a recording.
    const marker = (what: string) => `${what}-${randomBytes(8).toString('hex')}`;
    const held = {
      variable: marker('variable'),
      trace: marker('trace'),
      outbox: marker('outbox'),
      to: `+549351${String(randomBytes(3).readUIntBE(0, 3) % 10_000_000).padStart(7, '0')}`,
      audit: marker('audit'),
    };
    await db
      .update(schema.execution)
      .set({ status: 'running', variables: { dni: held.variable } })
      .where(eq(schema.execution.id, a.executionId));
    await db.insert(schema.executionTrace).values({
      executionId: a.executionId,
      seq: 1,
      organizationId: a.org.id,
      stepId: 'say_1',
      kind: 'say',
      changed: { 'vars.nombre': held.trace },
      at: new Date(),
    });
    await db.insert(schema.outboundMessage).values({
      organizationId: a.org.id,
      executionId: a.executionId,
      stepId: 'sms_1',
      idempotencyKey: marker('idem'),
      channel: 'sms',
      adapter: 'simulator',
      to: held.to,
      body: held.outbox,
    });
    await db
      .insert(schema.auditLog)
      .values({ organizationId: a.org.id, action: 'member.roles_changed', data: { note: held.audit } });
    const [recording] = await db
      .select({ sid: schema.callRecording.recordingSid })
      .from(schema.callRecording)
      .where(eq(schema.callRecording.id, a.recordingId));
    // The victim's execution is a workflow waiting on Temporal (no worker takes its task queue), so any
    // cancel or signal another organismo could cause shows in its history.
    connection = await Connection.connect({ address: inject('temporalAddress') });
    temporal = new Client({ connection, dataConverter: dataConverter() });
    await temporal.workflow.start('runFlow', {
      taskQueue: `tenancy-${a.tag}`,
      workflowId: a.executionId,
      args: [],
    });
    historyBefore = await historyLength();
    // The victim brought its own Twilio subaccount: neither its SID nor its token may leak.
    const subaccount = {
      subaccountSid: `AC${randomBytes(16).toString('hex')}`,
      authToken: randomBytes(16).toString('hex'),
    };
    await callerFor(db, a, 'admin').telephony.saveSubaccount(subaccount);
    // A message in the victim's inbox: no procedure may show or change it.
    const inboxBody = `Mensaje privado ${randomBytes(6).toString('hex')}`;
    await db.insert(schema.inboundMessage).values({
      organizationId: a.org.id,
      messageSid: `SM${randomBytes(16).toString('hex')}`,
      fromAddress: '+5493415550199',
      toAddress: '+543415550100',
      body: inboxBody,
    });
    // The victim keeps recordings 90 days: another organismo's admin may neither read nor change that.
    await callerFor(db, a, 'admin').retention.savePolicy({
      recordings: 90,
      transcripts: 91,
      messageBodies: 92,
    });
    // The victim's contact list, made from a file whose hash another organismo may send.
    const listSha256 = randomBytes(32).toString('hex');
    const [list] = await db
      .insert(schema.contactList)
      .values({
        organizationId: a.org.id,
        name: marker('lista'),
        purpose: 'vacunacion',
        status: 'ready',
        fileSha256: listSha256,
      })
      .returning();
    if (!list) throw new Error('contact list insert returned nothing');
    const refusedValue = marker('fila');
    await db.insert(schema.contactListError).values({
      organizationId: a.org.id,
      listId: list.id,
      rowNumber: 2,
      value: refusedValue,
      reason: 'INVALID_DNI',
    });
    probe = {
      organizationId: a.org.id,
      contactListId: list.id,
      contactListSha256: listSha256,
      memberId: a.members.admin.memberId,
      queueId: a.queue.id,
      userId: a.members.admin.userId,
      flowId: a.flow.id,
      executionId: a.executionId,
      apiKeyId: a.apiKeyId,
      bindingId: a.bindingId,
      phoneNumberId: a.phoneNumberId,
      scenarioId: a.scenarioId,
      recordingId: a.recordingId,
      citizenId: a.citizenId,
      secretId: a.secretId,
      campaignId: a.campaignId,
      doNotContactId: a.doNotContactId,
    };
    secrets = [
      a.org.id,
      a.org.name,
      a.queue.id,
      a.queue.name,
      a.flow.id,
      a.flow.name,
      a.executionId,
      a.apiKeyId,
      a.bindingId,
      a.phoneNumberId,
      a.phoneNumber,
      a.scenarioId,
      a.recordingId,
      a.secretId,
      a.secretName,
      a.secretValue,
      a.campaignId,
      a.campaignName,
      a.contactListId,
      a.doNotContactId,
      a.dncAddress,
      a.contactListName,
      subaccount.subaccountSid,
      subaccount.authToken,
      ...Object.values(held),
      ...(recording ? [recording.sid] : []),
      inboxBody,
      list.id,
      list.name,
      listSha256,
      refusedValue,
      ...Object.values(a.members).flatMap((m) => [m.memberId, m.userId, m.email]),
    ];
    before = await snapshot();
  });

  const historyLength = async () => {
    const d = await temporal.workflow.getHandle(a.executionId).describe();
    return { status: d.status.name, events: d.historyLength };
  };

  // Every row of the other organismo that a procedure could change, and the shared citizen who
  // talked only to it (erasure and rectification act on the shared base).
  const snapshot = async () => ({
    ...(await tenantSnapshot(db, a.org.id)),
    citizen: (await db.select().from(schema.citizen).where(eq(schema.citizen.id, a.citizenId))).map((r) =>
      JSON.stringify(r),
    ),
  });

  afterAll(async () => {
    // Nothing the calls attempted changed the other organismo, in PostgreSQL or in Temporal.
    expect(await snapshot()).toEqual(before);
    expect(await historyLength()).toEqual(historyBefore);
    await temporal.workflow.getHandle(a.executionId).terminate('tenancy test done');
    await connection.close();
    restoreEnv();
    await prism.stop();
    await closeTestDb();
  });

  it('finds the procedures to check', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(6);
  });

  it('snapshots every tenant-owned table, with the victim’s rows in them', () => {
    const names = tenantTables().map((t) => getTableConfig(t).name);
    expect(names).toEqual(
      expect.arrayContaining([
        'member',
        'flow',
        'execution',
        'execution_trace',
        'outbound_message',
        'audit_log',
      ]),
    );
    const counts = before as Record<string, string[]>;
    for (const name of ['execution', 'execution_trace', 'outbound_message', 'audit_log', 'call_recording'])
      expect(counts[name]?.length, name).toBeGreaterThan(0);
  });

  // The base procedures set only `builtOn`: a procedure that does not state its own scope, or
  // states one its base does not enforce, fails here.
  it.each(procedures)('$path declares its tenancy scope', ({ meta }) => {
    expect(meta?.builtOn, 'built on userProcedure or orgProcedure').toBeDefined();
    expect(meta?.scope, 'its own .meta({ scope }) matches the procedure it is built on').toBe(meta?.builtOn);
  });

  it.each(procedures.filter((p) => p.meta?.builtOn !== 'public'))(
    '$path refuses anonymous callers',
    async ({ path, meta }) => {
      const caller = createCaller(createContext({ db, session: null }));
      const outcome = await call(caller, path, meta?.probe?.(probe));
      expect(outcome).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    },
  );

  it.each(procedures.filter((p) => p.meta?.builtOn === 'org'))(
    '$path refuses a session whose active organismo is not the caller’s',
    async ({ path, meta }) => {
      const forged = callerAs(db, { userId: b.members.all.userId, activeOrganizationId: a.org.id });
      const outcome = await call(forged, path, meta?.probe?.(probe));
      expect(outcome).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    },
  );

  it.each(procedures.filter((p) => p.meta?.builtOn !== 'public'))(
    '$path, called by an all-roles member of another organismo with ids of this one, returns nothing of it',
    async ({ path, meta }) => {
      const outcome = await call(callerFor(db, b, 'all'), path, meta?.probe?.(probe));
      if (!outcome.ok) {
        // A procedure that takes ids must say how to name another organismo's objects (meta.probe).
        expect(outcome.code, `${path}: ${outcome.message}`).not.toBe('BAD_REQUEST');
        expect(['FORBIDDEN', 'NOT_FOUND']).toContain(outcome.code);
        return;
      }
      const serialized = JSON.stringify(outcome.data) ?? '';
      for (const secret of secrets) expect(serialized, `${path} leaked ${secret}`).not.toContain(secret);
    },
  );
});
