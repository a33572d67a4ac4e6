import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { listFields } from '@/server/services/contact-lists/fields';
import { orgSecretNames } from '@/server/services/secrets/org-secrets';
import type { CitizenField, CompileResources } from '@/workflows/dsl/node-definition';

/** What the compiler checks references against: the organismo's queues, areas, schedules, flows, hosts, numbers and secret names. */
export async function loadCompileResources(
  db: Database,
  organizationId: string,
  flowId: string,
): Promise<CompileResources> {
  const [queues, areas, schedules, versions, settings, numbers, secrets, fields] = await Promise.all([
    db
      .select({ id: schema.queue.id })
      .from(schema.queue)
      .where(eq(schema.queue.organizationId, organizationId)),
    db.select({ id: schema.area.id }).from(schema.area).where(eq(schema.area.organizationId, organizationId)),
    db
      .select({ id: schema.schedule.id })
      .from(schema.schedule)
      .where(eq(schema.schedule.organizationId, organizationId)),
    db
      .select({
        flowId: schema.flow.id,
        versions: sql<
          number[]
        >`coalesce(array_agg(${schema.flowVersion.version}) filter (where ${schema.flowVersion.version} is not null), '{}')`,
      })
      .from(schema.flow)
      .leftJoin(schema.flowVersion, eq(schema.flowVersion.flowId, schema.flow.id))
      .where(and(eq(schema.flow.organizationId, organizationId), isNull(schema.flow.archivedAt)))
      .groupBy(schema.flow.id),
    db.query.organizationSettings.findFirst({
      where: eq(schema.organizationSettings.organizationId, organizationId),
    }),
    callerIdsOf(db, organizationId),
    orgSecretNames(db, organizationId),
    citizenFieldsOf(db, organizationId),
  ]);
  return {
    flowId,
    queues: new Set(queues.map((q) => q.id)),
    areas: new Set(areas.map((a) => a.id)),
    schedules: new Set(schedules.map((s) => s.id)),
    flows: new Map(versions.map((v) => [v.flowId, v.versions])),
    allowedHosts: settings?.allowedHosts ?? [],
    callerIds: numbers,
    secrets: new Set(secrets),
    citizenFields: fields,
  };
}

/** The organismo's own typed citizen fields, which the compiler checks `contact.<key>` against. */
export async function citizenFieldsOf(db: Database, organizationId: string): Promise<CitizenField[]> {
  const fields = await listFields(db, organizationId);
  return fields.map((f) => ({ key: f.key, type: f.type, label: f.label }));
}

/** The organismo's voice numbers: the caller ids its calls and transfers may show. */
export async function callerIdsOf(db: Database, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ number: schema.phoneNumber.number })
    .from(schema.phoneNumber)
    .where(
      and(eq(schema.phoneNumber.organizationId, organizationId), eq(schema.phoneNumber.kind, 'voice_sms')),
    );
  return rows.map((r) => r.number);
}
