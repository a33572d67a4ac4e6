import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { FlowProgram } from '@/lib/contracts/program';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { compileDraft } from './compile-draft';
import { getFlow, getVersion } from './flows';

type Actor = { organizationId: string; userId: string; requestId: string };

/** Compiles the draft and stores it as the next immutable version; a draft with errors is refused. */
export async function publishFlow(
  db: Database,
  actor: Actor,
  args: { flowId: string; note: string; baseRevision?: number },
) {
  const flow = await getFlow(db, actor.organizationId, args.flowId);
  if (args.baseRevision !== undefined && args.baseRevision !== flow.draftRevision) {
    throw new AppError('DRAFT_CONFLICT', 'The draft changed since you opened it', {
      currentRevision: flow.draftRevision,
    });
  }
  const versionId = randomUUID();
  const result = await compileDraft(db, {
    organizationId: actor.organizationId,
    flowId: flow.id,
    graph: flow.draft,
    versionId,
  });
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error');
    throw new AppError('FLOW_HAS_ERRORS', `The draft has ${errors.length} error(s)`, { problems: errors });
  }
  const { version } = await insertVersion(db, actor, {
    flow,
    versionId,
    graph: flow.draft,
    program: result.program,
    note: args.note,
    rolledBackFrom: null,
    audit: { action: 'flow.published', data: { hash: result.program.hash, note: args.note } },
  });
  return {
    versionId,
    version,
    hash: result.program.hash,
    warnings: result.problems,
    unbound: await nobodyCanReach(db, actor.organizationId, flow),
  };
}

/** A flow started by a number, keyword or campaign is unreachable until one is bound to it (an API flow never is). */
async function nobodyCanReach(db: Database, organizationId: string, flow: { id: string; kind: string }) {
  if (flow.kind === 'api') return false;
  const [bound] = await db
    .select({ id: schema.flowBinding.id })
    .from(schema.flowBinding)
    .where(and(eq(schema.flowBinding.organizationId, organizationId), eq(schema.flowBinding.flowId, flow.id)))
    .limit(1);
  return bound === undefined;
}

/**
 * Republishes an older version, unchanged, as the newest one, and makes its graph the draft again so
 * the next edit starts from what is live. With `baseRevision` (the editor's), a draft saved elsewhere
 * since is not overwritten: the rollback is refused as a whole and no version is created.
 */
export async function rollbackFlow(
  db: Database,
  actor: Actor,
  args: { flowId: string; version: number; note?: string; baseRevision?: number },
) {
  const flow = await getFlow(db, actor.organizationId, args.flowId);
  const source = await getVersion(db, actor.organizationId, flow.id, args.version);
  const versionId = randomUUID();
  const { version, draftRevision } = await insertVersion(db, actor, {
    flow,
    versionId,
    graph: source.graph,
    program: { ...source.program, versionId },
    note: args.note ?? '',
    rolledBackFrom: source.version,
    audit: { action: 'flow.rolled_back', data: { from: source.version } },
    restoreDraft: { baseRevision: args.baseRevision ?? null },
  });
  return { versionId, version, hash: source.hash, draftRevision, graph: source.graph };
}

/**
 * Stores the next version number of a flow under a row lock (two publishes at once get consecutive
 * numbers, never the same one), moves the flow's latest version, and audits it.
 */
async function insertVersion(
  db: Database,
  actor: Actor,
  args: {
    flow: { id: string; name: string; draftRevision: number };
    versionId: string;
    graph: FlowGraph;
    program: FlowProgram;
    note: string;
    rolledBackFrom: number | null;
    audit: { action: 'flow.published' | 'flow.rolled_back'; data: Record<string, unknown> };
    /** Also make `graph` the draft (a rollback); a non-null base revision must still be the draft's. */
    restoreDraft?: { baseRevision: number | null };
  },
) {
  const scoped = and(eq(schema.flow.id, args.flow.id), eq(schema.flow.organizationId, actor.organizationId));
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ latest: schema.flow.latestVersion, draftRevision: schema.flow.draftRevision })
      .from(schema.flow)
      .where(scoped)
      .for('update');
    const version = (locked?.latest ?? 0) + 1;
    const restore = args.restoreDraft;
    if (restore && restore.baseRevision !== null && restore.baseRevision !== locked?.draftRevision) {
      throw new AppError('DRAFT_CONFLICT', 'The draft changed since you opened it', {
        currentRevision: locked?.draftRevision,
      });
    }
    await tx.insert(schema.flowVersion).values({
      id: args.versionId,
      organizationId: actor.organizationId,
      flowId: args.flow.id,
      version,
      graph: args.graph,
      program: args.program,
      hash: args.program.hash,
      note: args.note,
      rolledBackFrom: args.rolledBackFrom,
      createdBy: actor.userId,
    });
    const draftRevision = (locked?.draftRevision ?? 0) + (restore ? 1 : 0);
    await tx
      .update(schema.flow)
      .set(
        restore
          ? {
              latestVersion: version,
              publishedRevision: draftRevision,
              draft: args.graph,
              draftRevision,
              draftUpdatedAt: new Date(),
              draftUpdatedBy: actor.userId,
            }
          : // The revision compiled, read before the lock: a save since then stays unpublished.
            { latestVersion: version, publishedRevision: args.flow.draftRevision },
      )
      .where(scoped);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: args.audit.action,
      targetType: 'flow',
      targetId: args.flow.id,
      data: { version, name: args.flow.name, ...args.audit.data },
      requestId: actor.requestId,
    });
    return { version, draftRevision };
  });
}
