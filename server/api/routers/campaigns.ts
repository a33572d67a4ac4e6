import { z } from 'zod';
import {
  CAMPAIGN_CHANNELS,
  CAMPAIGN_STATUSES,
  CONTACT_STATES,
  ELIGIBILITY_REASONS,
  ZCampaignAudience,
  ZCampaignPacing,
} from '@/lib/contracts/campaign';
import { type Context, createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import {
  type CampaignActor,
  campaignEvents,
  campaignFlowOptions,
  campaignListOptions,
  createCampaign,
  getCampaign,
  listCampaigns,
  previewAudience,
  settingsOf,
  ZCampaignPatch,
  ZCampaignSettings,
} from '@/server/services/campaigns/campaigns';
import { listCampaignContacts } from '@/server/services/campaigns/contacts';
import {
  allowedActions,
  changePace,
  controlCampaign,
  launchCampaign,
  missingForLaunch,
  temporalCampaignEngine,
  updateCampaign,
} from '@/server/services/campaigns/lifecycle';
import { attemptsPerHour, campaignProgress } from '@/server/services/campaigns/progress';

const readers = ['campaign_manager', 'supervisor', 'admin'] as const;
const writers = ['campaign_manager', 'admin'] as const;
const controllers = ['campaign_manager', 'supervisor', 'admin'] as const;

const ZId = z.object({ id: z.uuid() });
const byCampaign = (o: { campaignId: string }) => ({ id: o.campaignId });

type OrgCtx = Context & { org: { organizationId: string }; session: { userId: string } };

function actorOf(ctx: OrgCtx): CampaignActor {
  return {
    organizationId: ctx.org.organizationId,
    userId: ctx.session.userId,
    requestId: ctx.requestId,
    source: 'ui',
  };
}

function depsOf(ctx: OrgCtx) {
  return { db: ctx.db, engine: temporalCampaignEngine({ temporal: ctx.temporal, taskQueue: ctx.taskQueue }) };
}

export const campaignsRouter = createTRPCRouter({
  list: orgProcedure(...readers)
    .meta({ scope: 'org' })
    .input(z.object({ status: z.enum(CAMPAIGN_STATUSES).optional() }).default({}))
    .query(({ ctx, input }) => listCampaigns(ctx.db, { organizationId: ctx.org.organizationId, ...input })),
  get: orgProcedure(...readers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .query(async ({ ctx, input }) => {
      const row = await getCampaign(ctx.db, ctx.org.organizationId, input.id);
      const settings = settingsOf(row);
      return {
        id: row.id,
        status: row.status as (typeof CAMPAIGN_STATUSES)[number],
        settings,
        versionId: row.versionId,
        launchedAt: row.launchedAt,
        finishedAt: row.finishedAt,
        createdAt: row.createdAt,
        actions: allowedActions(row.status as (typeof CAMPAIGN_STATUSES)[number]),
        missing: missingForLaunch(settings),
      };
    }),
  flowOptions: orgProcedure(...readers)
    .meta({ scope: 'org' })
    .query(({ ctx }) => campaignFlowOptions(ctx.db, ctx.org.organizationId)),
  listOptions: orgProcedure(...readers)
    .meta({ scope: 'org' })
    .query(({ ctx }) => campaignListOptions(ctx.db, ctx.org.organizationId)),
  previewAudience: orgProcedure(...readers)
    .meta({ scope: 'org', probe: (o) => ({ audience: { listIds: [o.contactListId] }, channel: 'sms' }) })
    .input(z.object({ audience: ZCampaignAudience, channel: z.enum(CAMPAIGN_CHANNELS) }))
    .query(({ ctx, input }) => previewAudience(ctx.db, ctx.org.organizationId, input)),
  create: orgProcedure(...writers)
    .meta({ scope: 'org', probe: (o) => ({ name: 'Ajena', flowId: o.flowId }) })
    .input(ZCampaignSettings)
    .mutation(({ ctx, input }) => createCampaign(ctx.db, actorOf(ctx), input)),
  update: orgProcedure(...writers)
    .meta({ scope: 'org', probe: (o) => ({ id: o.campaignId, patch: { name: 'Ajena' } }) })
    .input(z.object({ id: z.uuid(), patch: ZCampaignPatch }))
    .mutation(({ ctx, input }) =>
      updateCampaign(depsOf(ctx), actorOf(ctx), { campaignId: input.id, patch: input.patch }),
    ),
  setPace: orgProcedure(...writers)
    .meta({ scope: 'org', probe: (o) => ({ id: o.campaignId, pacing: { perSecond: 1, maxConcurrent: 1 } }) })
    .input(z.object({ id: z.uuid(), pacing: ZCampaignPacing }))
    .mutation(({ ctx, input }) =>
      changePace(depsOf(ctx), actorOf(ctx), { campaignId: input.id, pacing: input.pacing }),
    ),
  launch: orgProcedure(...writers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .mutation(({ ctx, input }) => launchCampaign(depsOf(ctx), actorOf(ctx), input.id)),
  pause: orgProcedure(...controllers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .mutation(({ ctx, input }) =>
      controlCampaign(depsOf(ctx), actorOf(ctx), { campaignId: input.id, action: 'pause' }),
    ),
  resume: orgProcedure(...controllers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .mutation(({ ctx, input }) =>
      controlCampaign(depsOf(ctx), actorOf(ctx), { campaignId: input.id, action: 'resume' }),
    ),
  cancel: orgProcedure(...controllers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .mutation(({ ctx, input }) =>
      controlCampaign(depsOf(ctx), actorOf(ctx), { campaignId: input.id, action: 'cancel' }),
    ),
  progress: orgProcedure(...readers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .query(({ ctx, input }) =>
      campaignProgress(depsOf(ctx), { organizationId: ctx.org.organizationId, campaignId: input.id }),
    ),
  attemptsPerHour: orgProcedure(...readers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .query(({ ctx, input }) =>
      attemptsPerHour({ db: ctx.db }, { organizationId: ctx.org.organizationId, campaignId: input.id }),
    ),
  contacts: orgProcedure(...readers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(
      z.object({
        id: z.uuid(),
        state: z.enum(CONTACT_STATES).optional(),
        reason: z.enum(ELIGIBILITY_REASONS).optional(),
        after: z.uuid().optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      listCampaignContacts(ctx.db, {
        organizationId: ctx.org.organizationId,
        campaignId: input.id,
        ...input,
      }),
    ),
  events: orgProcedure(...readers)
    .meta({ scope: 'org', probe: byCampaign })
    .input(ZId)
    .query(({ ctx, input }) => campaignEvents(ctx.db, ctx.org.organizationId, input.id)),
});
