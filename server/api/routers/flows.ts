import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import {
  BINDING_TYPES,
  createBinding,
  deleteBinding,
  listBindings,
} from '@/server/services/bindings/bindings';
import { exportFlow, importFlow } from '@/server/services/flow-transfer/transfer';
import { draftErrorCounts, loadEditorResources } from '@/server/services/flows/editor-resources';
import {
  archiveFlow,
  createFlow,
  FLOW_KINDS,
  getFlow,
  getVersion,
  listFlows,
  listVersions,
  renameFlow,
  saveDraft,
  validateDraft,
} from '@/server/services/flows/flows';
import { publishFlow, rollbackFlow } from '@/server/services/flows/publish';
import { GRAPH_LIMITS, ZFlowGraph } from '@/workflows/dsl/graph';

const ZFlowId = z.object({ flowId: z.uuid() });
const byFlow = (other: { flowId: string }) => ({ flowId: other.flowId });

const ZCreateFlowInput = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(FLOW_KINDS),
  description: z.string().max(1000).optional(),
  graph: ZFlowGraph.optional(),
});
const ZSaveDraftInput = z.object({
  flowId: z.uuid(),
  graph: ZFlowGraph,
  baseRevision: z.number().int().min(0),
});

const viewers = ['admin', 'designer', 'supervisor'] as const;
const editors = ['admin', 'designer'] as const;

export const flowsRouter = createTRPCRouter({
  list: orgProcedure(...viewers)
    .meta({ scope: 'org' })
    .input(
      z
        .object({
          search: z.string().max(100).optional(),
          kind: z.enum(FLOW_KINDS).optional(),
          archived: z.boolean().optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listFlows(ctx.db, { organizationId: ctx.org.organizationId, ...input })),
  /** Queues, areas, schedules, published flows and hosts: the canvas's selects and in-browser compile. */
  resources: orgProcedure(...viewers)
    .meta({ scope: 'org' })
    .query(({ ctx }) => loadEditorResources(ctx.db, ctx.org.organizationId)),
  /** Error count of each live draft, compiled on the server, for the list's "has errors" filter. */
  draftStatus: orgProcedure(...viewers)
    .meta({ scope: 'org' })
    .query(({ ctx }) => draftErrorCounts(ctx.db, ctx.org.organizationId)),
  get: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: byFlow })
    .input(ZFlowId)
    .query(({ ctx, input }) => getFlow(ctx.db, ctx.org.organizationId, input.flowId)),
  create: orgProcedure(...editors)
    .meta({ scope: 'org', probe: () => ({ name: 'Prueba de aislamiento', kind: 'api' }) })
    .input(ZCreateFlowInput)
    .mutation(({ ctx, input }) => createFlow(ctx.db, actorOf(ctx), input)),
  rename: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId, name: 'x' }) })
    .input(
      z.object({
        flowId: z.uuid(),
        name: z.string().trim().min(1).max(120),
        description: z.string().max(1000).optional(),
      }),
    )
    .mutation(({ ctx, input }) => renameFlow(ctx.db, actorOf(ctx), input)),
  archive: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId, archived: true }) })
    .input(z.object({ flowId: z.uuid(), archived: z.boolean().default(true) }))
    .mutation(({ ctx, input }) => archiveFlow(ctx.db, actorOf(ctx), input)),
  saveDraft: orgProcedure(...editors)
    .meta({
      scope: 'org',
      probe: (o) => ({ flowId: o.flowId, graph: { nodes: [], edges: [] }, baseRevision: 0 }),
    })
    .input(ZSaveDraftInput)
    .mutation(({ ctx, input }) => saveDraft(ctx.db, actorOf(ctx), input)),
  validate: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: byFlow })
    .input(z.object({ flowId: z.uuid(), graph: ZFlowGraph.optional() }))
    .query(({ ctx, input }) => validateDraft(ctx.db, ctx.org.organizationId, input.flowId, input.graph)),
  publish: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId, note: 'x' }) })
    .input(
      z.object({
        flowId: z.uuid(),
        note: z.string().max(500).default(''),
        baseRevision: z.number().int().optional(),
      }),
    )
    .mutation(({ ctx, input }) => publishFlow(ctx.db, actorOf(ctx), input)),
  versions: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: byFlow })
    .input(ZFlowId)
    .query(({ ctx, input }) => listVersions(ctx.db, ctx.org.organizationId, input.flowId)),
  /** One published version's graph, for the canvas's diff against the draft or another version. */
  version: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId, version: 1 }) })
    .input(z.object({ flowId: z.uuid(), version: z.number().int().min(1) }))
    .query(({ ctx, input }) =>
      getVersion(ctx.db, ctx.org.organizationId, input.flowId, input.version).then((v) => ({
        version: v.version,
        note: v.note,
        createdAt: v.createdAt,
        graph: v.graph,
      })),
    ),
  rollback: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId, version: 1 }) })
    .input(
      z.object({
        flowId: z.uuid(),
        version: z.number().int().min(1),
        note: z.string().max(500).optional(),
        /** The editor's draft revision: the rollback also restores the draft, never over a newer save. */
        baseRevision: z.number().int().min(0).optional(),
      }),
    )
    .mutation(({ ctx, input }) => rollbackFlow(ctx.db, actorOf(ctx), input)),
  exportJson: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: byFlow })
    .input(ZFlowId)
    .query(({ ctx, input }) => exportFlow(ctx.db, ctx.org.organizationId, input.flowId)),
  importJson: orgProcedure(...editors)
    .meta({
      scope: 'org',
      probe: (o) => ({
        flowId: o.flowId,
        json: '{"format":"cauce.flow","graph":{"nodes":[],"edges":[]}}',
        baseRevision: 0,
      }),
    })
    .input(
      // Twice the import's own cap, so that an oversized file gets the import's reason, not the schema's.
      z.object({
        flowId: z.uuid(),
        json: z.string().max(2 * GRAPH_LIMITS.graphBytes),
        baseRevision: z.number().int().min(0),
      }),
    )
    .mutation(({ ctx, input }) => importFlow(ctx.db, actorOf(ctx), input)),
  bindings: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: byFlow })
    .input(ZFlowId)
    .query(({ ctx, input }) => listBindings(ctx.db, ctx.org.organizationId, input.flowId)),
  bind: orgProcedure('admin')
    .meta({
      scope: 'org',
      probe: (o) => ({ flowId: o.flowId, type: 'voice_number', address: '+543424999999' }),
    })
    .input(
      z.object({
        flowId: z.uuid(),
        type: z.enum(BINDING_TYPES),
        address: z.string().trim().min(1).max(80),
        pinnedVersion: z.number().int().min(1).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createBinding(ctx.db, actorOf(ctx), input)),
  unbind: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.bindingId }) })
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteBinding(ctx.db, actorOf(ctx), input)),
});

function actorOf(ctx: { org: { organizationId: string }; session: { userId: string }; requestId: string }) {
  return { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId };
}
