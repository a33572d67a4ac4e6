import { z } from 'zod';
import { ZApiInput, ZScenarioMocks } from '@/lib/test-scenarios/types';
import { type Context, createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import {
  startTestRun,
  stopTestRun,
  testRunReply,
  testRunState,
  testRunTurn,
} from '@/server/services/test-runs/test-runs';

const editors = ['admin', 'designer'] as const;
const ZExecutionId = z.object({ executionId: z.string().min(1).max(120) });
const byExecution = (o: { executionId: string }) => ({ executionId: o.executionId });

function engineOf(ctx: Pick<Context, 'db' | 'temporal' | 'taskQueue'>): EngineDeps {
  return { db: ctx.db, temporal: ctx.temporal, taskQueue: ctx.taskQueue };
}

/** The editor's test phone: runs the current draft on the real engine with simulated channels. */
export const testRunsRouter = createTRPCRouter({
  start: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId }) })
    .input(
      z.object({
        flowId: z.uuid(),
        from: z.string().trim().max(40).optional(),
        text: z.string().max(1600).optional(),
        input: ZApiInput.optional(),
        mocks: ZScenarioMocks.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      startTestRun(engineOf(ctx), { organizationId: ctx.org.organizationId, ...input }),
    ),
  turn: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ executionId: o.executionId, seq: 1, digits: '1' }) })
    .input(
      ZExecutionId.extend({
        seq: z.number().int().min(1).max(10_000),
        digits: z
          .string()
          .regex(/^[0-9*#]{1,40}$/)
          .optional(),
        speech: z.string().max(500).optional(),
        hangup: z.boolean().optional(),
        recordingSeconds: z.number().int().min(1).max(600).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      testRunTurn(engineOf(ctx), { organizationId: ctx.org.organizationId, ...input }),
    ),
  reply: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ executionId: o.executionId, text: 'SI' }) })
    .input(ZExecutionId.extend({ text: z.string().trim().min(1).max(1600) }))
    .mutation(({ ctx, input }) =>
      testRunReply(engineOf(ctx), { organizationId: ctx.org.organizationId, ...input }),
    ),
  stop: orgProcedure(...editors)
    .meta({ scope: 'org', probe: byExecution })
    .input(ZExecutionId)
    .mutation(({ ctx, input }) =>
      stopTestRun(engineOf(ctx), { organizationId: ctx.org.organizationId, ...input }),
    ),
  state: orgProcedure(...editors)
    .meta({ scope: 'org', probe: byExecution })
    .input(ZExecutionId)
    .query(({ ctx, input }) =>
      testRunState(engineOf(ctx), { organizationId: ctx.org.organizationId, ...input }),
    ),
});
