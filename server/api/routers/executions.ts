import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import {
  cancelExecution,
  EXECUTION_STATUSES,
  executionTrace,
  getExecution,
  listExecutions,
} from '@/server/services/executions/executions';
import { flowStats, STATS_WINDOWS } from '@/server/services/executions/flow-stats';
import { startApiExecution } from '@/server/services/executions/start-api-execution';

const byExecution = (o: { executionId: string }) => ({ id: o.executionId });
const viewers = ['admin', 'designer', 'supervisor'] as const;

export const executionsRouter = createTRPCRouter({
  start: orgProcedure('admin', 'designer')
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId, input: {} }) })
    .input(
      z.object({
        flowId: z.uuid(),
        version: z.number().int().min(1).optional(),
        input: z
          .record(z.string().max(64), z.union([z.string().max(5000), z.number(), z.boolean()]))
          .default({}),
      }),
    )
    .mutation(({ ctx, input }) =>
      startApiExecution(
        { db: ctx.db, temporal: ctx.temporal, taskQueue: ctx.taskQueue },
        { organizationId: ctx.org.organizationId, ...input },
      ),
    ),
  list: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId }) })
    .input(
      z
        .object({
          flowId: z.uuid().optional(),
          versionId: z.string().max(64).optional(),
          status: z.enum(EXECUTION_STATUSES).optional(),
          contact: z.string().max(100).optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          limit: z.number().int().min(1).max(500).default(100),
        })
        .default({ limit: 100 }),
    )
    .query(({ ctx, input }) => listExecutions(ctx.db, { organizationId: ctx.org.organizationId, ...input })),
  /** Visits per step and port of one flow's recent executions, for the canvas's activity overlay. */
  flowStats: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId, window: 'day' }) })
    .input(z.object({ flowId: z.uuid(), window: z.enum(STATS_WINDOWS) }))
    .query(({ ctx, input }) => flowStats(ctx.db, { organizationId: ctx.org.organizationId, ...input })),
  get: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: byExecution })
    .input(z.object({ id: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => getExecution(ctx.db, ctx.org.organizationId, input.id)),
  trace: orgProcedure(...viewers)
    .meta({ scope: 'org', probe: byExecution })
    .input(z.object({ id: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => executionTrace(ctx.db, ctx.org.organizationId, input.id)),
  cancel: orgProcedure('admin', 'designer', 'supervisor')
    .meta({ scope: 'org', probe: byExecution })
    .input(z.object({ id: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) =>
      cancelExecution(
        { db: ctx.db, temporal: ctx.temporal, taskQueue: ctx.taskQueue },
        ctx.org.organizationId,
        input.id,
      ),
    ),
});
