import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import {
  createOrgSecret,
  deleteOrgSecret,
  listOrgSecrets,
  replaceOrgSecret,
} from '@/server/services/secrets/org-secrets';
import { SECRET_NAME } from '@/workflows/dsl/template';

export const ZSecretValue = z.string().min(1).max(4000);
export const ZCreateSecretInput = z.object({
  name: z.string().trim().regex(SECRET_NAME),
  value: ZSecretValue,
});
export const ZReplaceSecretInput = z.object({ id: z.uuid(), value: ZSecretValue });

export const secretsRouter = createTRPCRouter({
  list: orgProcedure('admin')
    .meta({ scope: 'org' })
    .query(({ ctx }) => listOrgSecrets(ctx.db, ctx.org.organizationId)),
  create: orgProcedure('admin')
    .meta({ scope: 'org', probe: () => ({ name: 'PRUEBA_AISLAMIENTO', value: 'x' }) })
    .input(ZCreateSecretInput)
    .mutation(({ ctx, input }) => createOrgSecret(ctx.db, actorOf(ctx), input)),
  replace: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.secretId, value: 'x' }) })
    .input(ZReplaceSecretInput)
    .mutation(({ ctx, input }) => replaceOrgSecret(ctx.db, actorOf(ctx), input)),
  delete: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.secretId }) })
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteOrgSecret(ctx.db, actorOf(ctx), input)),
});

function actorOf(ctx: { org: { organizationId: string }; session: { userId: string }; requestId: string }) {
  return { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId };
}
