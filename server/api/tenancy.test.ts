import { randomBytes } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import {
  callerAs,
  callerFor,
  closeTestDb,
  createTenant,
  type Tenant,
  testDb,
} from '@/scripts/test-setup/fixtures';
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
  let membersBefore: unknown;

  beforeAll(async () => {
    a = await createTenant(db, 'Victim');
    b = await createTenant(db, 'Caller');
    // The victim brought its own Twilio subaccount: neither its SID nor its token may leak.
    const subaccount = {
      subaccountSid: `AC${randomBytes(16).toString('hex')}`,
      authToken: randomBytes(16).toString('hex'),
    };
    await callerFor(db, a, 'admin').telephony.saveSubaccount(subaccount);
    // The victim keeps recordings 90 days: another organismo's admin may neither read nor change that.
    await callerFor(db, a, 'admin').retention.savePolicy({ recordings: 90, transcripts: 91, messageBodies: 92 });
    probe = {
      organizationId: a.org.id,
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
      subaccount.subaccountSid,
      subaccount.authToken,
      ...Object.values(a.members).flatMap((m) => [m.memberId, m.userId, m.email]),
    ];
    membersBefore = await snapshot();
  });

  // Everything of the other organismo that a procedure could change.
  const snapshot = async () => ({
    members: await db.select().from(schema.member).where(eq(schema.member.organizationId, a.org.id)),
    flows: await db.select().from(schema.flow).where(eq(schema.flow.organizationId, a.org.id)),
    versions: await db
      .select()
      .from(schema.flowVersion)
      .where(eq(schema.flowVersion.organizationId, a.org.id)),
    executions: await db.select().from(schema.execution).where(eq(schema.execution.organizationId, a.org.id)),
    apiKeys: await db.select().from(schema.apiKey).where(eq(schema.apiKey.organizationId, a.org.id)),
    bindings: await db
      .select()
      .from(schema.flowBinding)
      .where(eq(schema.flowBinding.organizationId, a.org.id)),
    phoneNumbers: await db
      .select()
      .from(schema.phoneNumber)
      .where(eq(schema.phoneNumber.organizationId, a.org.id)),
    telephony: await db
      .select()
      .from(schema.telephonyAccount)
      .where(eq(schema.telephonyAccount.organizationId, a.org.id)),
    scenarios: await db
      .select()
      .from(schema.flowTestScenario)
      .where(eq(schema.flowTestScenario.organizationId, a.org.id)),
    retention: await db
      .select()
      .from(schema.retentionPolicy)
      .where(eq(schema.retentionPolicy.organizationId, a.org.id)),
    recordings: await db
      .select()
      .from(schema.callRecording)
      .where(eq(schema.callRecording.organizationId, a.org.id)),
    // The shared base's record of the victim's citizen: rectify and erase must leave it alone.
    citizen: await db.select().from(schema.citizen).where(eq(schema.citizen.id, a.citizenId)),
  });

  afterAll(async () => {
    // Nothing the calls attempted changed the other organismo.
    expect(await snapshot()).toEqual(membersBefore);
    await closeTestDb();
  });

  it('finds the procedures to check', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(6);
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
