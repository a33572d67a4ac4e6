import { and, desc, eq, isNull } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { apiInputFields } from '@/lib/api-input';

/** Published flows whose latest version starts from an API call, with the input fields they take. */
export async function listApiFlows(db: Database, organizationId: string) {
  const rows = await db
    .selectDistinctOn([schema.flow.id], {
      flowId: schema.flow.id,
      name: schema.flow.name,
      version: schema.flowVersion.version,
      program: schema.flowVersion.program,
    })
    .from(schema.flow)
    .innerJoin(schema.flowVersion, eq(schema.flowVersion.flowId, schema.flow.id))
    .where(and(eq(schema.flow.organizationId, organizationId), isNull(schema.flow.archivedAt)))
    .orderBy(schema.flow.id, desc(schema.flowVersion.version));
  return rows
    .filter((r) => r.program.trigger.kind === 'trigger_api')
    .map((r) => ({
      flowId: r.flowId,
      name: r.name,
      version: r.version,
      fields: apiInputFields(r.program.trigger.config).map((f) => f.name),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'es'));
}
