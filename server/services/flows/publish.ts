import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { compile } from '@/workflows/dsl/compile';
import { getFlow, getVersion } from './flows';
import { nativeSha256 } from './native-sha256';
import { loadCompileResources } from './resources';

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
  const resources = await loadCompileResources(db, actor.organizationId, flow.id);
  const result = compile({
    graph: flow.draft,
    flowId: flow.id,
    versionId,
    organizationId: actor.organizationId,
    resources,
    sha256: nativeSha256,
  });
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error');
    throw new AppError('FLOW_HAS_ERRORS', `The draft has ${errors.length} error(s)`, { problems: errors });
  }
  return db.transaction(async (tx) => {
    // Row lock: two publishes at once get consecutive numbers, never the same one.
    const [locked] = await tx
      .select({ latest: schema.flow.latestVersion })
      .from(schema.flow)
      .where(eq(schema.flow.id, flow.id))
      .for('update');
    const version = (locked?.latest ?? 0) + 1;
    await tx.insert(schema.flowVersion).values({
      id: versionId,
      organizationId: actor.organizationId,
      flowId: flow.id,
      version,
      graph: flow.draft,
      program: result.program,
      hash: result.program.hash,
      note: args.note,
      createdBy: actor.userId,
    });
    await tx.update(schema.flow).set({ latestVersion: version }).where(eq(schema.flow.id, flow.id));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'flow.published',
      targetType: 'flow',
      targetId: flow.id,
      data: { version, hash: result.program.hash, note: args.note, name: flow.name },
      requestId: actor.requestId,
    });
    return { versionId, version, hash: result.program.hash, warnings: result.problems };
  });
}

/** Republishes an older version, unchanged, as the newest one. */
export async function rollbackFlow(
  db: Database,
  actor: Actor,
  args: { flowId: string; version: number; note?: string },
) {
  const flow = await getFlow(db, actor.organizationId, args.flowId);
  const source = await getVersion(db, actor.organizationId, flow.id, args.version);
  const versionId = randomUUID();
  return db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ latest: schema.flow.latestVersion })
      .from(schema.flow)
      .where(eq(schema.flow.id, flow.id))
      .for('update');
    const version = (locked?.latest ?? 0) + 1;
    await tx.insert(schema.flowVersion).values({
      id: versionId,
      organizationId: actor.organizationId,
      flowId: flow.id,
      version,
      graph: source.graph,
      program: { ...source.program, versionId },
      hash: source.hash,
      note: args.note ?? `Rollback to v${source.version}`,
      rolledBackFrom: source.version,
      createdBy: actor.userId,
    });
    await tx
      .update(schema.flow)
      .set({ latestVersion: version })
      .where(and(eq(schema.flow.id, flow.id), eq(schema.flow.organizationId, actor.organizationId)));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'flow.rolled_back',
      targetType: 'flow',
      targetId: flow.id,
      data: { version, from: source.version, name: flow.name },
      requestId: actor.requestId,
    });
    return { versionId, version, hash: source.hash };
  });
}
