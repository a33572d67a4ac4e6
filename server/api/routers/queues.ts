import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { getQueue, listQueues } from '@/server/services/queues/queues';

export const queuesRouter = createTRPCRouter({
  list: orgProcedure()
    .meta({ scope: 'org' })
    .query(({ ctx }) => listQueues(ctx.db, ctx.org.organizationId)),
  get: orgProcedure()
    .meta({ scope: 'org', probe: (other) => ({ id: other.queueId }) })
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getQueue(ctx.db, ctx.org.organizationId, input.id)),
});
