import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { citizenHistory, citizenOfExecution } from '@/server/services/citizen-history/citizen-history';

const readers = ['agent', 'supervisor', 'admin'] as const;

/** The citizen page: base data (shared by organismos) and this organismo's interactions with them. */
export const citizensRouter = createTRPCRouter({
  history: orgProcedure(...readers)
    .meta({ scope: 'org', probe: (o) => ({ id: o.citizenId }) })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => citizenHistory(ctx.db, ctx.org.organizationId, input.id)),
  /** Who an execution was with, for the link from its page; null when no citizen is known. */
  ofExecution: orgProcedure(...readers)
    .meta({ scope: 'org', probe: (o) => ({ executionId: o.executionId }) })
    .input(z.object({ executionId: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => citizenOfExecution(ctx.db, ctx.org.organizationId, input.executionId)),
});
