import { z } from 'zod';
import { createTRPCRouter, userProcedure } from '@/server/api/trpc';
import { getMe } from '@/server/services/org/get-me';
import { switchOrganization } from '@/server/services/org/switch-organization';

const ZSwitchOrganizationInput = z.object({ organizationId: z.string().min(1) });

export const meRouter = createTRPCRouter({
  get: userProcedure.meta({ scope: 'user' }).query(({ ctx }) => getMe(ctx.db, ctx.session)),
  switchOrganization: userProcedure
    .meta({ scope: 'user', probe: (other) => ({ organizationId: other.organizationId }) })
    .input(ZSwitchOrganizationInput)
    .mutation(({ ctx, input }) =>
      switchOrganization(ctx.db, {
        sessionId: ctx.session.id,
        userId: ctx.session.userId,
        organizationId: input.organizationId,
        requestId: ctx.requestId,
      }),
    ),
});
