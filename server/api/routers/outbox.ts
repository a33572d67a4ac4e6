import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { listOutbox, OUTBOX_CHANNELS } from '@/server/services/outbox/list-outbox';
import { channelModesFor } from '@/server/services/telephony/channels-from-env';

export const outboxRouter = createTRPCRouter({
  list: orgProcedure('admin', 'designer', 'supervisor', 'campaign_manager')
    .meta({ scope: 'org' })
    .input(
      z
        .object({
          channel: z.enum(OUTBOX_CHANNELS).optional(),
          executionId: z.string().max(200).optional(),
          limit: z.number().int().min(1).max(500).default(100),
        })
        .default({ limit: 100 }),
    )
    .query(({ ctx, input }) => listOutbox(ctx.db, { organizationId: ctx.org.organizationId, ...input })),
  /** Which adapter carries each channel for this organismo (its own Twilio subaccount counts). */
  channelModes: orgProcedure()
    .meta({ scope: 'org' })
    .query(({ ctx }) => channelModesFor(ctx.db, ctx.org.organizationId)),
});
