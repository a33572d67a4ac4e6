import { z } from 'zod';
import { ROLES } from '@/lib/roles';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { listMembers, setMemberRoles } from '@/server/services/org/members';

const ZSetMemberRolesInput = z.object({
  memberId: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
});

export const membersRouter = createTRPCRouter({
  list: orgProcedure('admin', 'supervisor')
    .meta({ scope: 'org' })
    .query(({ ctx }) => listMembers(ctx.db, ctx.org.organizationId)),
  setRoles: orgProcedure('admin')
    .meta({ scope: 'org', probe: (other) => ({ memberId: other.memberId, roles: ['admin'] }) })
    .input(ZSetMemberRolesInput)
    .mutation(({ ctx, input }) =>
      setMemberRoles(ctx.db, {
        organizationId: ctx.org.organizationId,
        actorUserId: ctx.session.userId,
        memberId: input.memberId,
        roles: input.roles,
        requestId: ctx.requestId,
      }),
    ),
});
