import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import {
  getRetentionPolicy,
  MAX_RETENTION_DAYS,
  saveRetentionPolicy,
} from '@/server/services/retention/policy';

const ZDays = z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable();

export const ZRetentionPolicyInput = z.object({
  recordings: ZDays,
  transcripts: ZDays,
  messageBodies: ZDays,
});
export type TRetentionPolicyInput = z.infer<typeof ZRetentionPolicyInput>;

/** Settings → Organismo: how long the organismo keeps personal data (its admins only). */
export const retentionRouter = createTRPCRouter({
  policy: orgProcedure('admin')
    .meta({ scope: 'org' })
    .query(({ ctx }) => getRetentionPolicy(ctx.db, ctx.org.organizationId)),
  savePolicy: orgProcedure('admin')
    .meta({ scope: 'org', probe: () => ({ recordings: 30, transcripts: 30, messageBodies: 30 }) })
    .input(ZRetentionPolicyInput)
    .mutation(({ ctx, input }) =>
      saveRetentionPolicy(
        ctx.db,
        { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId },
        input,
      ),
    ),
});
