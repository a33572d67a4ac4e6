import 'server-only';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, schema } from '@/db';
import {
  CAMPAIGN_CHANNELS,
  type CampaignStatus,
  DIALING_MODES,
  LEGAL_BASES,
  RETRYABLE_OUTCOMES,
  ZCampaignAudience,
  ZCampaignPacing,
  ZCampaignRetries,
  ZCampaignSchedule,
  ZFrequencyCap,
  ZRelativeRule,
  ZRetryRule,
} from '@/lib/contracts/campaign';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { audienceSummary } from './audience';

/** Who acts on a campaign and through what: the UI (a member) or the public API (a key). */
export type CampaignActor = {
  organizationId: string;
  userId: string | null;
  requestId: string;
  /** 'engine': the campaign workflow itself (started, completed). */
  source: 'ui' | 'api' | 'engine';
  apiKeyId?: string;
};

const ZName = z.string().trim().min(1).max(120);
const ZPurpose = z.string().trim().max(64);

/** Everything a draft holds, each part validated by the contract's schemas. */
export const ZCampaignSettings = z.object({
  name: ZName,
  flowId: z.uuid().nullable().default(null),
  channel: z.enum(CAMPAIGN_CHANNELS).default('sms'),
  dialingMode: z.enum(DIALING_MODES).default('agentless'),
  agentQueueId: z.uuid().nullable().default(null),
  legalBasis: z.enum(LEGAL_BASES).default('public_interest'),
  purpose: ZPurpose.default(''),
  audience: ZCampaignAudience.prefault({}),
  schedule: ZCampaignSchedule.prefault({}),
  pacing: ZCampaignPacing.prefault({}),
  retries: ZCampaignRetries,
  frequencyCap: ZFrequencyCap.nullable().default(null),
  relative: ZRelativeRule.nullable().default(null),
});
export type CampaignSettings = z.infer<typeof ZCampaignSettings>;
export type TCampaignSettingsInput = z.input<typeof ZCampaignSettings>;

/** A change: only the parts given are replaced (no defaults here, so a missing part stays as it is). */
export const ZCampaignPatch = z
  .object({
    name: ZName,
    flowId: z.uuid().nullable(),
    channel: z.enum(CAMPAIGN_CHANNELS),
    dialingMode: z.enum(DIALING_MODES),
    agentQueueId: z.uuid().nullable(),
    legalBasis: z.enum(LEGAL_BASES),
    purpose: ZPurpose,
    audience: ZCampaignAudience,
    schedule: ZCampaignSchedule,
    pacing: ZCampaignPacing,
    retries: z.partialRecord(z.enum(RETRYABLE_OUTCOMES), ZRetryRule),
    frequencyCap: ZFrequencyCap.nullable(),
    relative: ZRelativeRule.nullable(),
  })
  .partial();
export type CampaignPatch = z.infer<typeof ZCampaignPatch>;

export const CAMPAIGN_TRIGGER = 'trigger_campaign_contact';

/** The organismo's campaign, or NOT_FOUND (also for another organismo's id). */
export async function getCampaign(db: Database, organizationId: string, campaignId: string) {
  const row = await db.query.campaign.findFirst({
    where: and(eq(schema.campaign.id, campaignId), eq(schema.campaign.organizationId, organizationId)),
  });
  if (!row) throw new AppError('NOT_FOUND', 'Campaign not found');
  return row;
}

export async function createCampaign(db: Database, actor: CampaignActor, input: TCampaignSettingsInput) {
  const settings = ZCampaignSettings.parse(input);
  await checkReferences(db, actor.organizationId, settings);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.campaign)
      .values({
        organizationId: actor.organizationId,
        ...settings,
        status: 'draft',
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error('campaign insert returned nothing');
    await recordEvent(tx, actor, row.id, 'created', { name: row.name });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'campaign.created',
      targetType: 'campaign',
      targetId: row.id,
      data: { name: row.name, source: actor.source },
      requestId: actor.requestId,
    });
    return row;
  });
}

/**
 * Writes the parts of `patch` over the stored settings, validated whole. Who may change what is the
 * lifecycle's rule (updateCampaign in lifecycle.ts), which calls this.
 */
export async function writeSettings(
  db: Database,
  actor: CampaignActor,
  args: { campaignId: string; patch: CampaignPatch },
) {
  const current = await getCampaign(db, actor.organizationId, args.campaignId);
  const patch = ZCampaignPatch.parse(args.patch);
  const keys = changedKeys(patch);
  const merged = ZCampaignSettings.parse({ ...settingsOf(current), ...patch });
  await checkReferences(db, actor.organizationId, merged);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.campaign)
      .set({ ...merged, updatedAt: new Date() })
      .where(
        and(
          eq(schema.campaign.id, current.id),
          eq(schema.campaign.organizationId, actor.organizationId),
          // A launch between the read and this write must not be undone by a draft save.
          eq(schema.campaign.status, current.status),
        ),
      )
      .returning();
    if (!row) throw new AppError('CAMPAIGN_NOT_EDITABLE', 'The campaign changed status meanwhile');
    await recordEvent(tx, actor, row.id, 'updated', { fields: keys });
    return row;
  });
}

/** The parts a patch gives. */
export function changedKeys(patch: CampaignPatch): string[] {
  return Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

/** A stored campaign's settings, in the shape the schemas take. */
export function settingsOf(row: typeof schema.campaign.$inferSelect): CampaignSettings {
  return ZCampaignSettings.parse({
    name: row.name,
    flowId: row.flowId,
    channel: row.channel,
    dialingMode: row.dialingMode,
    agentQueueId: row.agentQueueId,
    legalBasis: row.legalBasis,
    purpose: row.purpose,
    audience: row.audience,
    schedule: row.schedule,
    pacing: row.pacing,
    retries: row.retries,
    frequencyCap: row.frequencyCap,
    relative: row.relative,
  });
}

/**
 * The ids a campaign names must be the organismo's: its flow (with the campaign-contact trigger and a
 * published version), its lists, its agent queue. Another organismo's id reads as not found.
 */
export async function checkReferences(db: Database, organizationId: string, s: CampaignSettings) {
  if (s.flowId) await campaignFlowVersion(db, organizationId, s.flowId);
  if (s.audience.listIds.length > 0) await organizationLists(db, organizationId, s.audience.listIds);
  if (s.agentQueueId) {
    const queue = await db.query.queue.findFirst({
      where: and(eq(schema.queue.id, s.agentQueueId), eq(schema.queue.organizationId, organizationId)),
    });
    if (!queue) throw new AppError('NOT_FOUND', 'Queue not found');
  }
}

/** The flow's latest published version, refused unless its trigger is the campaign contact. */
export async function campaignFlowVersion(db: Database, organizationId: string, flowId: string) {
  const flow = await db.query.flow.findFirst({
    where: and(eq(schema.flow.id, flowId), eq(schema.flow.organizationId, organizationId)),
  });
  if (!flow) throw new AppError('NOT_FOUND', 'Flow not found');
  const version = await db.query.flowVersion.findFirst({
    where: and(eq(schema.flowVersion.flowId, flowId), eq(schema.flowVersion.organizationId, organizationId)),
    orderBy: desc(schema.flowVersion.version),
  });
  if (!version) throw new AppError('FLOW_NOT_PUBLISHED', 'The flow has no published version');
  if (version.program.trigger.kind !== CAMPAIGN_TRIGGER) {
    throw new AppError('WRONG_TRIGGER', 'The flow does not start with a campaign contact');
  }
  return version;
}

/** The lists, each the organismo's (else NOT_FOUND). */
export async function organizationLists(db: Database, organizationId: string, listIds: readonly string[]) {
  const unique = [...new Set(listIds)];
  const rows = await db
    .select({ id: schema.contactList.id, name: schema.contactList.name, status: schema.contactList.status })
    .from(schema.contactList)
    .where(
      and(eq(schema.contactList.organizationId, organizationId), inArray(schema.contactList.id, unique)),
    );
  if (rows.length !== unique.length) throw new AppError('NOT_FOUND', 'Contact list not found');
  return rows;
}

/** Flows a campaign may run: the organismo's, published, starting with a campaign contact. */
export async function campaignFlowOptions(db: Database, organizationId: string) {
  return db.execute<{ id: string; name: string; version: number }>(sql`
    select f.id, f.name, v.version
    from flow f
    join lateral (
      select version, program from flow_version fv
      where fv.flow_id = f.id and fv.organization_id = ${organizationId}
      order by version desc limit 1
    ) v on true
    where f.organization_id = ${organizationId} and f.archived_at is null
      and v.program -> 'trigger' ->> 'kind' = ${CAMPAIGN_TRIGGER}
    order by f.name`);
}

/** The organismo's contact lists the wizard offers (ready ones can be launched on). */
export async function campaignListOptions(db: Database, organizationId: string) {
  return db
    .select({
      id: schema.contactList.id,
      name: schema.contactList.name,
      purpose: schema.contactList.purpose,
      status: schema.contactList.status,
      validRows: schema.contactList.validRows,
    })
    .from(schema.contactList)
    .where(eq(schema.contactList.organizationId, organizationId))
    .orderBy(desc(schema.contactList.createdAt))
    .limit(200);
}

/** The audience's counts and exclusions for the review step, lists checked as the organismo's. */
export async function previewAudience(
  db: Database,
  organizationId: string,
  args: Pick<CampaignSettings, 'audience' | 'channel'>,
) {
  if (args.audience.listIds.length > 0) await organizationLists(db, organizationId, args.audience.listIds);
  return audienceSummary(db, { organizationId, audience: args.audience, channel: args.channel });
}

export type CampaignListItem = Awaited<ReturnType<typeof listCampaigns>>[number];

/** The organismo's campaigns, newest first, with their contacts' counts and progress. */
export async function listCampaigns(db: Database, args: { organizationId: string; status?: CampaignStatus }) {
  const rows = await db
    .select({
      id: schema.campaign.id,
      name: schema.campaign.name,
      status: schema.campaign.status,
      channel: schema.campaign.channel,
      createdAt: schema.campaign.createdAt,
      launchedAt: schema.campaign.launchedAt,
      flowName: schema.flow.name,
    })
    .from(schema.campaign)
    .leftJoin(schema.flow, eq(schema.flow.id, schema.campaign.flowId))
    .where(
      and(
        eq(schema.campaign.organizationId, args.organizationId),
        args.status ? eq(schema.campaign.status, args.status) : undefined,
      ),
    )
    .orderBy(desc(schema.campaign.createdAt))
    .limit(200);
  if (rows.length === 0) return [];
  // One index-only pass over (campaign_id, state) per campaign shown.
  const counts = await db.execute<{ campaign_id: string; state: string; n: number }>(sql`
    select campaign_id, state, count(*)::int as n from campaign_contact
    where organization_id = ${args.organizationId}
      and campaign_id in (${sql.join(
        rows.map((r) => sql`${r.id}::uuid`),
        sql`, `,
      )})
    group by campaign_id, state`);
  return rows.map((r) => {
    const mine = counts.filter((c) => c.campaign_id === r.id);
    const total = mine.reduce((a, c) => a + c.n, 0);
    const open = mine
      .filter((c) => c.state === 'pending' || c.state === 'in_progress')
      .reduce((a, c) => a + c.n, 0);
    const done = mine.find((c) => c.state === 'done')?.n ?? 0;
    const excluded = mine.find((c) => c.state === 'excluded')?.n ?? 0;
    return {
      ...r,
      status: r.status as CampaignStatus,
      total,
      done,
      excluded,
      progress: total === 0 ? 0 : Math.round(((total - open) / total) * 1000) / 10,
    };
  });
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** One campaign_event row: every transition, pace change and list used, with who and from where. */
export async function recordEvent(
  db: Database | Tx,
  actor: CampaignActor,
  campaignId: string,
  type: string,
  data: Record<string, unknown> = {},
) {
  await db.insert(schema.campaignEvent).values({
    organizationId: actor.organizationId,
    campaignId,
    type,
    actorUserId: actor.userId,
    source: actor.source,
    data: actor.apiKeyId ? { ...data, apiKeyId: actor.apiKeyId } : data,
  });
}

/** The campaign's events, newest first (its history on the page). */
export async function campaignEvents(db: Database, organizationId: string, campaignId: string, limit = 50) {
  await getCampaign(db, organizationId, campaignId);
  return db
    .select({
      id: schema.campaignEvent.id,
      type: schema.campaignEvent.type,
      source: schema.campaignEvent.source,
      data: schema.campaignEvent.data,
      at: schema.campaignEvent.at,
      actorName: schema.user.name,
    })
    .from(schema.campaignEvent)
    .leftJoin(schema.user, eq(schema.user.id, schema.campaignEvent.actorUserId))
    .where(
      and(
        eq(schema.campaignEvent.organizationId, organizationId),
        eq(schema.campaignEvent.campaignId, campaignId),
      ),
    )
    .orderBy(desc(schema.campaignEvent.at), desc(schema.campaignEvent.id))
    .limit(limit);
}
