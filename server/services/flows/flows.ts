import { and, asc, desc, eq, ilike, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { EMPTY_GRAPH, type FlowGraph } from '@/workflows/dsl/graph';
import { checkGraphBounds } from './check-graph-bounds';
import { compileDraft } from './compile-draft';

export const FLOW_KINDS = ['inbound_voice', 'inbound_message', 'outbound_campaign', 'api'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

type Actor = { organizationId: string; userId: string; requestId: string };

export async function listFlows(
  db: Database,
  args: {
    organizationId: string;
    search?: string | undefined;
    kind?: FlowKind | undefined;
    archived?: boolean | undefined;
  },
) {
  const filters: SQL[] = [eq(schema.flow.organizationId, args.organizationId)];
  if (args.search) filters.push(ilike(schema.flow.name, `%${args.search.replace(/[%_]/g, '\\$&')}%`));
  if (args.kind) filters.push(eq(schema.flow.kind, args.kind));
  filters.push(args.archived ? isNotNull(schema.flow.archivedAt) : isNull(schema.flow.archivedAt));
  return db
    .select({
      id: schema.flow.id,
      name: schema.flow.name,
      kind: schema.flow.kind,
      description: schema.flow.description,
      latestVersion: schema.flow.latestVersion,
      draftRevision: schema.flow.draftRevision,
      publishedRevision: schema.flow.publishedRevision,
      draftUpdatedAt: schema.flow.draftUpdatedAt,
      archivedAt: schema.flow.archivedAt,
    })
    .from(schema.flow)
    .where(and(...filters))
    .orderBy(asc(schema.flow.name));
}

export async function getFlow(db: Database, organizationId: string, flowId: string) {
  const row = await db.query.flow.findFirst({
    where: and(eq(schema.flow.id, flowId), eq(schema.flow.organizationId, organizationId)),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Flow not found');
  return row;
}

export async function createFlow(
  db: Database,
  actor: Actor,
  args: { name: string; kind: FlowKind; description?: string; graph?: FlowGraph },
) {
  const [row] = await db
    .insert(schema.flow)
    .values({
      organizationId: actor.organizationId,
      name: args.name,
      kind: args.kind,
      description: args.description ?? '',
      draft: args.graph ?? EMPTY_GRAPH,
      createdBy: actor.userId,
      draftUpdatedBy: actor.userId,
    })
    .returning();
  if (!row) throw new Error('flow insert returned nothing');
  return row;
}

export async function renameFlow(
  db: Database,
  actor: Actor,
  args: { flowId: string; name: string; description?: string },
) {
  const [row] = await db
    .update(schema.flow)
    .set({ name: args.name, ...(args.description === undefined ? {} : { description: args.description }) })
    .where(and(eq(schema.flow.id, args.flowId), eq(schema.flow.organizationId, actor.organizationId)))
    .returning({ id: schema.flow.id, name: schema.flow.name });
  if (!row) throw new AppError('NOT_FOUND', 'Flow not found');
  return row;
}

export async function archiveFlow(db: Database, actor: Actor, args: { flowId: string; archived: boolean }) {
  const [row] = await db
    .update(schema.flow)
    .set({ archivedAt: args.archived ? new Date() : null })
    .where(and(eq(schema.flow.id, args.flowId), eq(schema.flow.organizationId, actor.organizationId)))
    .returning({ id: schema.flow.id, archivedAt: schema.flow.archivedAt });
  if (!row) throw new AppError('NOT_FOUND', 'Flow not found');
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: args.archived ? 'flow.archived' : 'flow.restored',
    targetType: 'flow',
    targetId: row.id,
    requestId: actor.requestId,
  });
  return row;
}

/**
 * Saves the draft if the caller edited the latest revision; a stale save (another tab or designer
 * saved since) is refused with CONFLICT and changes nothing.
 */
export async function saveDraft(
  db: Database,
  actor: Actor,
  args: { flowId: string; graph: FlowGraph; baseRevision: number },
) {
  checkGraphBounds(args.graph);
  const [row] = await db
    .update(schema.flow)
    .set({
      draft: args.graph,
      draftRevision: args.baseRevision + 1,
      draftUpdatedAt: new Date(),
      draftUpdatedBy: actor.userId,
    })
    .where(
      and(
        eq(schema.flow.id, args.flowId),
        eq(schema.flow.organizationId, actor.organizationId),
        eq(schema.flow.draftRevision, args.baseRevision),
      ),
    )
    .returning({ draftRevision: schema.flow.draftRevision, draftUpdatedAt: schema.flow.draftUpdatedAt });
  if (row) return row;
  const current = await getFlow(db, actor.organizationId, args.flowId);
  throw new AppError('DRAFT_CONFLICT', 'The draft was saved elsewhere since you opened it', {
    currentRevision: current.draftRevision,
    updatedAt: current.draftUpdatedAt.toISOString(),
  });
}

export async function validateDraft(db: Database, organizationId: string, flowId: string, graph?: FlowGraph) {
  const flow = await getFlow(db, organizationId, flowId);
  const result = await compileDraft(db, { organizationId, flowId, graph: graph ?? flow.draft });
  return { ok: result.ok, problems: result.problems };
}

export async function listVersions(db: Database, organizationId: string, flowId: string) {
  await getFlow(db, organizationId, flowId);
  return db
    .select({
      id: schema.flowVersion.id,
      version: schema.flowVersion.version,
      hash: schema.flowVersion.hash,
      note: schema.flowVersion.note,
      rolledBackFrom: schema.flowVersion.rolledBackFrom,
      createdAt: schema.flowVersion.createdAt,
      authorName: schema.user.name,
    })
    .from(schema.flowVersion)
    .leftJoin(schema.user, eq(schema.user.id, schema.flowVersion.createdBy))
    .where(and(eq(schema.flowVersion.flowId, flowId), eq(schema.flowVersion.organizationId, organizationId)))
    .orderBy(desc(schema.flowVersion.version));
}

export async function getVersion(
  db: Database,
  organizationId: string,
  flowId: string,
  version: number | 'latest',
) {
  const row = await db.query.flowVersion.findFirst({
    where: and(
      eq(schema.flowVersion.flowId, flowId),
      eq(schema.flowVersion.organizationId, organizationId),
      version === 'latest' ? undefined : eq(schema.flowVersion.version, version),
    ),
    orderBy: desc(schema.flowVersion.version),
  });
  if (!row)
    throw new AppError(
      'NOT_FOUND',
      version === 'latest' ? 'The flow has no published version' : 'Version not found',
    );
  return row;
}
