import { z } from 'zod';
import { CAMPAIGN_CHANNELS, LEGAL_BASES, ZCampaignAudience, ZFrequencyCap } from '@/lib/contracts/campaign';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { audienceSummary } from '@/server/services/campaigns/audience';
import {
  addDoNotContact,
  blockCitizen,
  DNC_REASONS,
  listDoNotContact,
  removeDoNotContact,
} from '@/server/services/compliance/do-not-contact';
import { noLlameStatus } from '@/server/services/compliance/no-llame-import';

export const ZAddDoNotContactInput = z.object({
  address: z.string().trim().min(3).max(200),
  reason: z.enum(DNC_REASONS),
  note: z.string().max(500).default(''),
});
export const ZListDoNotContactInput = z.object({
  query: z.string().max(200).default(''),
  includeRemoved: z.boolean().default(false),
  before: z.object({ createdAt: z.date(), id: z.uuid() }).optional(),
});
export const ZAudiencePreviewInput = z.object({
  audience: ZCampaignAudience,
  channel: z.enum(CAMPAIGN_CHANNELS),
  legalBasis: z.enum(LEGAL_BASES).default('public_interest'),
  purpose: z.string().max(100).default(''),
  frequencyCap: ZFrequencyCap.nullable().default(null),
});

const campaignStaff = ['admin', 'campaign_manager', 'supervisor'] as const;

export const complianceRouter = createTRPCRouter({
  /** The newest No Llame list: date, age, stale past 30 days (the upload is POST /api/compliance/no-llame). */
  noLlameStatus: orgProcedure(...campaignStaff)
    .meta({ scope: 'org' })
    .query(({ ctx }) => noLlameStatus(ctx.db, new Date())),
  /** The check the upload route makes before it reads the file: only an admin imports the registry. */
  authorizeNoLlameImport: orgProcedure('admin')
    .meta({ scope: 'org' })
    .mutation(({ ctx }) => actorOf(ctx)),
  doNotContactList: orgProcedure(...campaignStaff)
    .meta({ scope: 'org', probe: () => ({ query: '', includeRemoved: true }) })
    .input(ZListDoNotContactInput)
    .query(({ ctx, input }) => listDoNotContact(ctx.db, ctx.org.organizationId, input)),
  doNotContactAdd: orgProcedure(...campaignStaff)
    .meta({
      scope: 'org',
      probe: () => ({ address: '+5493415559999', reason: 'staff', note: 'aislamiento' }),
    })
    .input(ZAddDoNotContactInput)
    .mutation(({ ctx, input }) => addDoNotContact(ctx.db, actorOf(ctx), input)),
  /** Lifting a block is for admins only, and kept in the register (removed_at, removed_by). */
  doNotContactRemove: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.doNotContactId }) })
    .input(z.object({ id: z.uuid(), note: z.string().max(500).default('') }))
    .mutation(({ ctx, input }) => removeDoNotContact(ctx.db, actorOf(ctx), input)),
  /** "Bloquear contacto" on a citizen's page: the citizen's own request (Ley 25.326 art. 27). */
  blockCitizen: orgProcedure(...campaignStaff, 'agent')
    .meta({ scope: 'org', probe: (o) => ({ citizenId: o.citizenId }) })
    .input(z.object({ citizenId: z.uuid(), note: z.string().max(500).default('') }))
    .mutation(({ ctx, input }) => blockCitizen(ctx.db, actorOf(ctx), input)),
  /** A draft audience's counts and exclusions, as launch would store them. */
  audiencePreview: orgProcedure(...campaignStaff)
    .meta({ scope: 'org', probe: (o) => ({ audience: { listIds: [o.contactListId] }, channel: 'sms' }) })
    .input(ZAudiencePreviewInput)
    .query(({ ctx, input }) => audienceSummary(ctx.db, { organizationId: ctx.org.organizationId, ...input })),
});

function actorOf(ctx: { org: { organizationId: string }; session: { userId: string }; requestId: string }) {
  return { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId };
}
