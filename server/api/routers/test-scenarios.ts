import { z } from 'zod';
import { ZScenarioMocks, ZScenarioStart, ZScenarioStep } from '@/lib/test-scenarios/types';
import { type Context, createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { runScenario } from '@/server/services/test-scenarios/run-scenario';
import {
  deleteScenario,
  listScenarios,
  renameScenario,
  saveScenarioFromRun,
} from '@/server/services/test-scenarios/scenarios';

const editors = ['admin', 'designer'] as const;
const ZName = z.string().trim().min(1).max(120);
const ZScenarioId = z.object({ scenarioId: z.uuid() });
const byScenario = (o: { scenarioId: string }) => ({ scenarioId: o.scenarioId });

const ZSaveScenarioInput = z.object({
  flowId: z.uuid(),
  executionId: z.string().min(1).max(120),
  name: ZName,
  start: ZScenarioStart,
  mocks: ZScenarioMocks,
  steps: z.array(ZScenarioStep).max(500),
  checks: z.object({
    outcome: z.boolean(),
    messages: z.boolean(),
    variables: z.array(z.string().min(1).max(200)).max(100),
  }),
});

function engineOf(ctx: Pick<Context, 'db' | 'temporal' | 'taskQueue'>): EngineDeps {
  return { db: ctx.db, temporal: ctx.temporal, taskQueue: ctx.taskQueue };
}

/** Test-phone sessions saved as scenarios, run against the flow's current draft. */
export const testScenariosRouter = createTRPCRouter({
  list: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ flowId: o.flowId }) })
    .input(z.object({ flowId: z.uuid() }))
    .query(({ ctx, input }) => listScenarios(ctx.db, ctx.org.organizationId, input.flowId)),
  saveFromRun: orgProcedure(...editors)
    .meta({
      scope: 'org',
      probe: (o) => ({
        flowId: o.flowId,
        executionId: o.executionId,
        name: 'Escenario ajeno',
        start: {},
        mocks: {},
        steps: [],
        checks: { outcome: true, messages: false, variables: [] },
      }),
    })
    .input(ZSaveScenarioInput)
    .mutation(({ ctx, input }) =>
      saveScenarioFromRun(engineOf(ctx), {
        organizationId: ctx.org.organizationId,
        userId: ctx.session.userId,
        ...input,
      }),
    ),
  rename: orgProcedure(...editors)
    .meta({ scope: 'org', probe: (o) => ({ scenarioId: o.scenarioId, name: 'Renombrado' }) })
    .input(ZScenarioId.extend({ name: ZName }))
    .mutation(({ ctx, input }) =>
      renameScenario(ctx.db, { organizationId: ctx.org.organizationId, ...input }),
    ),
  remove: orgProcedure(...editors)
    .meta({ scope: 'org', probe: byScenario })
    .input(ZScenarioId)
    .mutation(({ ctx, input }) =>
      deleteScenario(ctx.db, { organizationId: ctx.org.organizationId, ...input }),
    ),
  run: orgProcedure(...editors)
    .meta({ scope: 'org', probe: byScenario })
    .input(ZScenarioId)
    .mutation(({ ctx, input }) =>
      runScenario(engineOf(ctx), { organizationId: ctx.org.organizationId, ...input }),
    ),
});
