import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, schema } from '@/db';
import type { Campaign } from '@/db/schema';
import { fairShares } from '@/lib/campaigns/pacing';
import { dueTime, nextCallableTime, whyNotNow } from '@/lib/campaigns/schedule';
import {
  CAMPAIGN_CHANNELS,
  type CampaignChannel,
  type CampaignPacing,
  type CampaignRunInput,
  type CampaignSchedule,
  type FrequencyCap,
  LEGAL_BASES,
  type LegalBasis,
  type RelativeRule,
  ZCampaignPacing,
  ZCampaignSchedule,
  ZFrequencyCap,
  ZRelativeRule,
} from '@/lib/contracts/campaign';
import type { FlowProgram } from '@/lib/contracts/program';
import { settings } from '@/server/env';
import { AppError } from '@/server/errors';
import { holidayCalendar } from '@/server/services/schedules/holiday-calendar';
import { sendOnlyPlan } from '@/workflows/dsl/send-only';
import { materializeAudience } from './audience';
import { type CampaignActor, recordEvent } from './campaigns';

export type CampaignEngineKind = 'batch' | 'per_contact';

export type OpenedCampaign = {
  engine: CampaignEngineKind;
  pacing: CampaignPacing;
  /** Epoch ms the campaign may start at (its schedule's start, else now). */
  startAt: number;
};

/** The campaign row of an organismo, or NOT_FOUND: activities never touch another organismo's campaign. */
export async function campaignOf(db: Database, input: CampaignRunInput): Promise<Campaign> {
  const row = await db.query.campaign.findFirst({
    where: and(
      eq(schema.campaign.id, input.campaignId),
      eq(schema.campaign.organizationId, input.organizationId),
    ),
  });
  if (!row) throw new AppError('NOT_FOUND', `No campaign ${input.campaignId} in this organismo`);
  return row;
}

/** Who the campaign may reach and how: its channel, legal basis and frequency cap, as the contract types them. */
export function reachOf(campaign: Campaign): {
  channel: CampaignChannel;
  legalBasis: LegalBasis;
  frequencyCap: FrequencyCap | null;
} {
  return {
    channel: z.enum(CAMPAIGN_CHANNELS).parse(campaign.channel),
    legalBasis: z.enum(LEGAL_BASES).parse(campaign.legalBasis),
    frequencyCap: campaign.frequencyCap ? ZFrequencyCap.parse(campaign.frequencyCap) : null,
  };
}

/** The published program the campaign pinned at launch. */
export async function campaignProgram(db: Database, campaign: Campaign): Promise<FlowProgram> {
  if (!campaign.versionId)
    throw new AppError('CAMPAIGN_INCOMPLETE', 'The campaign has no pinned flow version');
  const version = await db.query.flowVersion.findFirst({
    where: and(
      eq(schema.flowVersion.id, campaign.versionId),
      eq(schema.flowVersion.organizationId, campaign.organizationId),
    ),
  });
  if (!version) throw new AppError('NOT_FOUND', 'The campaign flow version is gone');
  return version.program;
}

/**
 * The campaign workflow's first step: writes its contacts from the audience (once: repeating it adds
 * nobody), makes every pending contact due, and says which path runs it: the batched one when the
 * flow only sends, else one runFlow per contact.
 */
export async function openCampaignRun(db: Database, input: CampaignRunInput): Promise<OpenedCampaign> {
  const campaign = await campaignOf(db, input);
  const program = await campaignProgram(db, campaign);
  const engine: CampaignEngineKind =
    sendOnlyPlan(program) && campaign.channel !== 'voice' ? 'batch' : 'per_contact';
  const reach = reachOf(campaign);
  const schedule = ZCampaignSchedule.parse(campaign.schedule);
  const { inserted } = await materializeAudience(db, {
    organizationId: input.organizationId,
    campaignId: input.campaignId,
    audience: campaign.audience,
    channel: reach.channel,
    legalBasis: reach.legalBasis,
    purpose: campaign.purpose,
    frequencyCap: reach.frequencyCap,
  });
  if (campaign.relative) {
    await scheduleRelativeContacts(db, {
      ...input,
      schedule,
      channel: reach.channel,
      rule: ZRelativeRule.parse(campaign.relative),
    });
  } else {
    await db.execute(sql`
      update campaign_contact set next_attempt_at = now()
      where campaign_id = ${input.campaignId} and organization_id = ${input.organizationId}
        and state = 'pending' and next_attempt_at is null`);
  }
  if (campaign.engine !== engine) {
    await db.update(schema.campaign).set({ engine }).where(eq(schema.campaign.id, campaign.id));
    await recordEvent(db, engineActor(input.organizationId), input.campaignId, 'engine_started', {
      engine,
      contacts: inserted,
    });
  }
  return {
    engine,
    pacing: ZCampaignPacing.parse(campaign.pacing),
    startAt: schedule.startAt ? Date.parse(schedule.startAt) : Date.now(),
  };
}

export type CampaignTick = {
  /** What the campaign's row says (the service writes pauses and cancels; the workflow follows). */
  status: string;
  /** Attempts per second this campaign may start now: its fair share of the platform's rate. */
  shareRate: number;
  /** Contacts due now (pending, their time reached). */
  due: number;
  /** Contacts pending in the future (retry delays, date-relative fire times). */
  later: number;
  /** Epoch ms of the next pending contact's time, when none is due now. */
  nextDueAt: number | null;
  inFlight: number;
  /** Epoch ms the calling window opens, when it is closed now (null: open, or never opens again). */
  windowOpensAt: number | null;
  windowNeverOpens: boolean;
  /** The schedule's end passed. */
  ended: boolean;
};

/**
 * What the campaign workflow needs to decide its next move, read from PostgreSQL: its row's status,
 * the calling window, the due and pending contacts, the attempts in flight, and its share of the
 * platform's rate among every running campaign (of any organismo: only rates are read).
 */
export async function campaignTick(
  db: Database,
  input: CampaignRunInput & { pacing: CampaignPacing; now?: number },
): Promise<CampaignTick> {
  const now = input.now ?? Date.now();
  const campaign = await campaignOf(db, input);
  if (campaign.status === 'scheduled') {
    await db
      .update(schema.campaign)
      .set({ status: 'running', updatedAt: sql`now()` })
      .where(and(eq(schema.campaign.id, campaign.id), eq(schema.campaign.status, 'scheduled')));
    await recordEvent(db, engineActor(input.organizationId), input.campaignId, 'started', {});
    campaign.status = 'running';
  }
  const schedule = ZCampaignSchedule.parse(campaign.schedule);
  const { channel } = reachOf(campaign);
  const from = new Date(now);
  const holidays = await campaignHolidays(db, { organizationId: input.organizationId, schedule, from });
  const opens = nextCallableTime({ schedule, channel, holidays, from });
  const [counts] = await db.execute<{
    due: number;
    later: number;
    in_flight: number;
    next_due: Date | null;
  }>(sql`
    select
      count(*) filter (where state = 'pending' and next_attempt_at <= ${from.toISOString()})::int as due,
      count(*) filter (where state = 'pending' and next_attempt_at > ${from.toISOString()})::int as later,
      count(*) filter (where state = 'in_progress')::int as in_flight,
      min(next_attempt_at) filter (where state = 'pending') as next_due
    from campaign_contact
    where campaign_id = ${input.campaignId} and organization_id = ${input.organizationId}
      and state in ('pending', 'in_progress')`);
  const shareRate = await shareOf(db, { campaignId: input.campaignId, pacing: input.pacing });
  const nextDue = counts?.next_due ? new Date(counts.next_due).getTime() : null;
  return {
    status: campaign.status,
    shareRate,
    due: counts?.due ?? 0,
    later: counts?.later ?? 0,
    nextDueAt: nextDue,
    inFlight: counts?.in_flight ?? 0,
    windowOpensAt: opens && opens.getTime() > now ? opens.getTime() : null,
    windowNeverOpens: opens === null,
    ended:
      (schedule.endAt !== null && Date.parse(schedule.endAt) <= now) ||
      (opens === null && schedule.endAt !== null),
  };
}

/** The national, provincial and organismo holidays of the campaign's next year. */
async function campaignHolidays(
  db: Database,
  args: { organizationId: string; schedule: CampaignSchedule; from: Date },
) {
  const to = new Date(args.from.getTime() + 370 * 86_400_000);
  return holidayCalendar(db, {
    organizationId: args.organizationId,
    nationalHolidays: args.schedule.holidays,
    fromDate: args.from.toISOString().slice(0, 10),
    toDate: to.toISOString().slice(0, 10),
  });
}

/**
 * A date-relative campaign's contacts get their own fire time ("3 days before dose_date at 10:00",
 * moved into the windows): each pending contact is due then, one whose date is missing is
 * excluded (date_missing) and one whose day is over is skipped (date_passed), 2,000 at a time.
 */
async function scheduleRelativeContacts(
  db: Database,
  args: CampaignRunInput & { schedule: CampaignSchedule; channel: CampaignChannel; rule: RelativeRule },
): Promise<void> {
  const now = new Date();
  const holidays = await campaignHolidays(db, {
    organizationId: args.organizationId,
    schedule: args.schedule,
    from: now,
  });
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await db.execute<{ id: string; variables: Record<string, unknown> }>(sql`
      select id, variables from campaign_contact
      where campaign_id = ${args.campaignId} and organization_id = ${args.organizationId}
        and state = 'pending' and next_attempt_at is null and id > ${after}::uuid
      order by id limit 2000`);
    const last = page.at(-1);
    if (!last) return;
    after = last.id;
    const where = { schedule: args.schedule, channel: args.channel, holidays };
    const values = page.map((c) => {
      const dateValue = c.variables[args.rule.field];
      const reason = whyNotNow({ ...where, now, attempts: 0, relative: args.rule, dateValue });
      const due =
        reason === 'date_missing' || reason === 'date_passed'
          ? null
          : dueTime({ ...where, rule: args.rule, dateValue });
      const state =
        reason === 'date_missing' ? 'excluded' : reason === 'date_passed' || !due ? 'skipped' : 'pending';
      const why = state === 'pending' ? null : (reason ?? 'date_passed');
      return sql`(${c.id}::uuid, ${state}, ${why}, ${due?.toISOString() ?? null}::timestamptz)`;
    });
    await db.execute(sql`
      update campaign_contact cc set state = v.state, reason = v.reason, next_attempt_at = v.due, updated_at = now()
      from (values ${sql.join(values, sql`, `)}) as v(id, state, reason, due)
      where cc.id = v.id and cc.state = 'pending'`);
  }
}

/** This campaign's share of CAMPAIGN_PLATFORM_RATE_PER_SECOND among every running campaign. */
async function shareOf(db: Database, args: { campaignId: string; pacing: CampaignPacing }): Promise<number> {
  const running = await db.execute<{ id: string; organization_id: string; pacing: CampaignPacing }>(sql`
    select id, organization_id, pacing from campaign where status = 'running'`);
  const demands = running.map((r) => ({
    campaignId: r.id,
    organizationId: r.organization_id,
    perSecond: r.id === args.campaignId ? args.pacing.perSecond : ZCampaignPacing.parse(r.pacing).perSecond,
  }));
  if (!demands.some((d) => d.campaignId === args.campaignId)) return 0;
  return fairShares(settings().CAMPAIGN_PLATFORM_RATE_PER_SECOND, demands).get(args.campaignId) ?? 0;
}

/**
 * The campaign workflow's last step: completed (every contact settled, or its end passed) unless
 * it was cancelled, which the service already wrote.
 */
export async function closeCampaignRun(
  db: Database,
  input: CampaignRunInput & { outcome: 'completed' | 'cancelled' },
): Promise<void> {
  await campaignOf(db, input);
  const rows = await db
    .update(schema.campaign)
    .set({
      ...(input.outcome === 'completed' ? { status: 'completed' } : {}),
      finishedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(schema.campaign.id, input.campaignId),
        eq(schema.campaign.organizationId, input.organizationId),
        sql`${schema.campaign.finishedAt} is null`,
      ),
    )
    .returning({ id: schema.campaign.id });
  if (rows.length > 0 && input.outcome === 'completed') {
    await recordEvent(db, engineActor(input.organizationId), input.campaignId, 'completed', {});
  }
}

/** The campaign workflow as the author of the events it records. */
function engineActor(organizationId: string): CampaignActor {
  return { organizationId, userId: null, requestId: 'engine', source: 'engine' };
}
