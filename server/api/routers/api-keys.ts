import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { createApiKey, listApiKeys, revokeApiKey } from '@/server/services/api-keys/api-keys';
import { listApiFlows } from '@/server/services/flows/api-flows';

export const apiKeysRouter = createTRPCRouter({
  list: orgProcedure('admin')
    .meta({ scope: 'org' })
    .query(({ ctx }) => listApiKeys(ctx.db, ctx.org.organizationId)),
  flows: orgProcedure('admin', 'designer')
    .meta({ scope: 'org' })
    .query(({ ctx }) => listApiFlows(ctx.db, ctx.org.organizationId)),
  create: orgProcedure('admin')
    .meta({ scope: 'org', probe: () => ({ name: 'Prueba de aislamiento' }) })
    .input(z.object({ name: z.string().trim().min(1).max(80) }))
    .mutation(({ ctx, input }) =>
      createApiKey(
        ctx.db,
        { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId },
        input,
      ),
    ),
  revoke: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.apiKeyId }) })
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) =>
      revokeApiKey(
        ctx.db,
        { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId },
        input,
      ),
    ),
});
