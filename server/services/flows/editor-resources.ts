import { and, asc, eq, isNull } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { orgSecretNames } from '@/server/services/secrets/org-secrets';
import type { CitizenField } from '@/workflows/dsl/node-definition';
import { compileDraft } from './compile-draft';
import { callerIdsOf, citizenFieldsOf, loadCompileResources } from './resources';

export type EditorResources = {
  queues: { id: string; name: string }[];
  areas: { id: string; name: string }[];
  schedules: { id: string; name: string }[];
  /** Flows with at least one published version, for subflow nodes. */
  flows: { id: string; name: string; versions: number[] }[];
  allowedHosts: string[];
  /** The organismo's voice numbers (caller ids). */
  callerIds: string[];
  /** Names of the organismo's secrets (never values), for `{{secret.NAME}}` in HTTP nodes. */
  secrets: string[];
  /** The organismo's own citizen fields, typed (`contact.<key>` after a lookup); absent = none. */
  citizenFields?: CitizenField[];
};

/** What the canvas offers in its selects and feeds its in-browser compile with, for one organismo. */
export async function loadEditorResources(db: Database, organizationId: string): Promise<EditorResources> {
  const [queues, areas, schedules, flows, versions, settings, callerIds, secrets, citizenFields] =
    await Promise.all([
      db
        .select({ id: schema.queue.id, name: schema.queue.name })
        .from(schema.queue)
        .where(eq(schema.queue.organizationId, organizationId))
        .orderBy(asc(schema.queue.name)),
      db
        .select({ id: schema.area.id, name: schema.area.name })
        .from(schema.area)
        .where(eq(schema.area.organizationId, organizationId))
        .orderBy(asc(schema.area.name)),
      db
        .select({ id: schema.schedule.id, name: schema.schedule.name })
        .from(schema.schedule)
        .where(eq(schema.schedule.organizationId, organizationId))
        .orderBy(asc(schema.schedule.name)),
      db
        .select({ id: schema.flow.id, name: schema.flow.name })
        .from(schema.flow)
        .where(and(eq(schema.flow.organizationId, organizationId), isNull(schema.flow.archivedAt)))
        .orderBy(asc(schema.flow.name)),
      db
        .select({ flowId: schema.flowVersion.flowId, version: schema.flowVersion.version })
        .from(schema.flowVersion)
        .where(eq(schema.flowVersion.organizationId, organizationId))
        .orderBy(asc(schema.flowVersion.version)),
      db.query.organizationSettings.findFirst({
        where: eq(schema.organizationSettings.organizationId, organizationId),
      }),
      callerIdsOf(db, organizationId),
      orgSecretNames(db, organizationId),
      citizenFieldsOf(db, organizationId),
    ]);
  const byFlow = new Map<string, number[]>();
  for (const v of versions) byFlow.set(v.flowId, [...(byFlow.get(v.flowId) ?? []), v.version]);
  return {
    queues,
    areas,
    schedules,
    flows: flows.flatMap((f) => {
      const published = byFlow.get(f.id);
      return published ? [{ ...f, versions: published }] : [];
    }),
    allowedHosts: settings?.allowedHosts ?? [],
    callerIds,
    secrets,
    citizenFields,
  };
}

/**
 * Errors in each live flow's draft, compiled on the server so the list can filter "has errors".
 * Resources are read once for all flows; only the subflow self-check depends on the flow.
 */
export async function draftErrorCounts(
  db: Database,
  organizationId: string,
): Promise<{ flowId: string; errors: number }[]> {
  const [flows, shared] = await Promise.all([
    db
      .select({ id: schema.flow.id, draft: schema.flow.draft })
      .from(schema.flow)
      .where(and(eq(schema.flow.organizationId, organizationId), isNull(schema.flow.archivedAt))),
    loadCompileResources(db, organizationId, ''),
  ]);
  return Promise.all(
    flows.map(async (f) => {
      const result = await compileDraft(db, {
        organizationId,
        flowId: f.id,
        graph: f.draft,
        resources: shared,
      });
      return { flowId: f.id, errors: result.problems.filter((p) => p.severity === 'error').length };
    }),
  );
}
