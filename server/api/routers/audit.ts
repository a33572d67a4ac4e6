import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { listAudit } from '@/server/services/audit/list-audit';

const ZListAuditInput = z
  .object({ limit: z.number().int().min(1).max(200).default(50), before: z.date().optional() })
  .default({ limit: 50 });

export const auditRouter = createTRPCRouter({
  list: orgProcedure('admin')
    .meta({ scope: 'org' })
    .input(ZListAuditInput)
    .query(({ ctx, input }) =>
      listAudit(ctx.db, { organizationId: ctx.org.organizationId, limit: input.limit, before: input.before }),
    ),
});
