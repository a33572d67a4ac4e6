import { and, desc, eq, isNull } from 'drizzle-orm';
import { type Database, schema } from '@/db';

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
    .map((r) => {
      const fields = r.program.trigger.config.fields;
      const names = Array.isArray(fields)
        ? fields.flatMap((f: unknown) => {
            const name: unknown = f !== null && typeof f === 'object' ? Reflect.get(f, 'name') : undefined;
            return typeof name === 'string' ? [name] : [];
          })
        : [];
      return { flowId: r.flowId, name: r.name, version: r.version, fields: names };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'es'));
}
