import { z } from 'zod';

/**
 * What a campaign is made of, shared by the campaign service, its pages, the public API and the
 * campaign workflow. Pure: no server imports, so the browser and the workflow sandbox use it too.
 */

export const CAMPAIGN_STATUSES = [
  'draft',
  'scheduled',
  'running',
  'paused',
  'completed',
  'cancelled',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CAMPAIGN_CHANNELS = ['sms', 'whatsapp', 'email', 'voice'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

/** Agentless modes are IVR/SMS/WhatsApp/email; preview and progressive need an agent queue. */
export const DIALING_MODES = ['agentless', 'preview', 'progressive'] as const;
export type DialingMode = (typeof DIALING_MODES)[number];

/**
 * The campaign's legal basis (Ley 25.326 art. 5, Ley 26.951). Public-interest campaigns of the
 * State, emergencies, elections and surveys are exempt from the No Llame registry; the rest is not.
 */
export const LEGAL_BASES = [
  'public_interest',
  'emergency',
  'election',
  'survey',
  'consent',
  'other',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];
export const NO_LLAME_EXEMPT: ReadonlySet<LegalBasis> = new Set([
  'public_interest',
  'emergency',
  'election',
  'survey',
]);

/**
 * A campaign contact's state. `pending`: waiting for its (next) attempt; `in_progress`: an attempt
 * is running; `done`: finished (its last attempt's outcome says how); `failed`: attempts exhausted;
 * `excluded`: never to be contacted (its reason says why); `skipped`: its date passed.
 */
export const CONTACT_STATES = ['pending', 'in_progress', 'done', 'failed', 'excluded', 'skipped'] as const;
export type ContactState = (typeof CONTACT_STATES)[number];

/** Why a contact is not being contacted right now: on the contact and as counts on the campaign. */
export const ELIGIBILITY_REASONS = [
  'outside_window',
  'holiday',
  'opted_out',
  'do_not_contact',
  'no_llame',
  'frequency_cap',
  'max_attempts',
  'retry_delay',
  'date_passed',
  'date_missing',
  'not_yet_due',
  'invalid_address',
  'no_purpose_consent',
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number];

/** An attempt's outcome; retries are configured per outcome. */
export const ATTEMPT_OUTCOMES = [
  'sent',
  'delivered',
  'answered',
  'completed',
  'no_answer',
  'busy',
  'failed',
  'machine',
  'undelivered',
  'skipped_opt_out',
  /** The send may have reached the provider (a timeout): never retried, so never sent twice. */
  'unknown',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
export const RETRYABLE_OUTCOMES = ['no_answer', 'busy', 'failed', 'machine', 'undelivered'] as const;
export type RetryableOutcome = (typeof RETRYABLE_OUTCOMES)[number];

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);

/** A calling window on one weekday (0 = Sunday), local time of the campaign's time zone. */
export const ZCallingWindow = z.object({ day: z.number().int().min(0).max(6), start: Clock, end: Clock });
export type CallingWindow = z.infer<typeof ZCallingWindow>;

/** Mon–Fri 08:00–18:00, the default of DOMAIN.md. */
export const DEFAULT_WINDOWS: CallingWindow[] = [1, 2, 3, 4, 5].map((day) => ({
  day,
  start: '08:00',
  end: '18:00',
}));

export const ZCampaignSchedule = z.object({
  /** ISO instants; null start = at launch, null end = until the audience is exhausted. */
  startAt: z.iso.datetime({ offset: true }).nullable().default(null),
  endAt: z.iso.datetime({ offset: true }).nullable().default(null),
  timeZone: z.string().min(1).default('America/Argentina/Cordoba'),
  /** Windows per channel; a channel without its own uses `windows`. */
  windows: z.array(ZCallingWindow).max(50).default(DEFAULT_WINDOWS),
  channelWindows: z.partialRecord(z.enum(CAMPAIGN_CHANNELS), z.array(ZCallingWindow).max(50)).default({}),
  /** date-holidays code: "AR", "AR-S" (Santa Fe) or "none"; the organismo's own holidays always apply. */
  holidays: z.string().max(20).default('AR-S'),
});
export type CampaignSchedule = z.infer<typeof ZCampaignSchedule>;

export const ZCampaignPacing = z.object({
  /** Attempts started per second (the campaign's own cap; the platform's share may be lower). */
  perSecond: z.number().positive().max(10_000).default(10),
  /** Attempts in flight at once (calls, per-contact executions). */
  maxConcurrent: z.number().int().positive().max(10_000).default(50),
});
export type CampaignPacing = z.infer<typeof ZCampaignPacing>;

export const ZRetryRule = z.object({
  max: z.number().int().min(0).max(10),
  delayMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 14),
});
export type RetryRule = z.infer<typeof ZRetryRule>;
export const ZCampaignRetries = z.partialRecord(z.enum(RETRYABLE_OUTCOMES), ZRetryRule).default({});
export type CampaignRetries = z.infer<typeof ZCampaignRetries>;

/** At most `max` contacts per citizen by any campaign of the organismo in `days` days. */
export const ZFrequencyCap = z.object({
  max: z.number().int().min(1).max(100),
  days: z.number().int().min(1).max(365),
});
export type FrequencyCap = z.infer<typeof ZFrequencyCap>;

/**
 * Date-relative campaigns: fire `offsetDays` (negative = before) from the contact's `field` (a date
 * custom field, e.g. dose_date) at local `at`. "3 days before dose_date at 10:00" = { -3, "10:00" }.
 */
export const ZRelativeRule = z.object({
  field: z.string().min(1).max(64),
  offsetDays: z.number().int().min(-365).max(365),
  at: Clock,
});
export type RelativeRule = z.infer<typeof ZRelativeRule>;

/** Filters on citizen fields (fixed ones and the organismo's custom fields). */
export const ZAudienceFilter = z.object({
  field: z.string().min(1).max(64),
  op: z.enum(['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte', 'is_empty', 'not_empty']),
  value: z.string().max(500).default(''),
});
export type AudienceFilter = z.infer<typeof ZAudienceFilter>;

export const ZCampaignAudience = z.object({
  listIds: z.array(z.uuid()).max(50).default([]),
  filters: z.array(ZAudienceFilter).max(20).default([]),
});
export type CampaignAudience = z.infer<typeof ZCampaignAudience>;

/** Counts shown before launch and on the campaign page. */
export type AudienceSummary = {
  total: number;
  eligible: number;
  excluded: Partial<Record<EligibilityReason, number>>;
};

/** The campaign workflow's input; everything else it reads from the database in activities. */
export type CampaignRunInput = { campaignId: string; organizationId: string };

/** Control of a running campaign: an update on its workflow, applied within 2 s. */
export type CampaignControl =
  | { action: 'pause' }
  | { action: 'resume' }
  | { action: 'cancel' }
  | { action: 'pace'; pacing: CampaignPacing };

/** The campaign workflow's id: one workflow per campaign. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

/** A per-contact execution's id: deterministic, so a restart never starts an attempt twice. */
export function campaignExecutionId(args: {
  campaignId: string;
  contactId: string;
  attempt: number;
}): string {
  return `camp-${args.campaignId}-${args.contactId}-${args.attempt}`;
}

/**
 * The lifecycle's moves: draft → scheduled → running ⇄ paused → completed / cancelled. `launch` goes to
 * scheduled when the schedule starts later, else to running; `start` and `complete` are the engine's.
 * The server refuses any other move (server/services/campaigns/lifecycle.ts); pages show buttons from it.
 */
export const CAMPAIGN_ACTIONS = ['launch', 'start', 'pause', 'resume', 'cancel', 'complete'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];
export const CAMPAIGN_TRANSITIONS: Record<
  CampaignAction,
  { from: readonly CampaignStatus[]; to: (ctx: { startsLater: boolean }) => CampaignStatus }
> = {
  launch: { from: ['draft'], to: ({ startsLater }) => (startsLater ? 'scheduled' : 'running') },
  start: { from: ['scheduled'], to: () => 'running' },
  pause: { from: ['running'], to: () => 'paused' },
  resume: { from: ['paused'], to: () => 'running' },
  cancel: { from: ['scheduled', 'running', 'paused'], to: () => 'cancelled' },
  complete: { from: ['running'], to: () => 'completed' },
};

/** The actions a campaign in `status` allows. */
export function allowedActions(status: CampaignStatus): CampaignAction[] {
  return CAMPAIGN_ACTIONS.filter((a) => CAMPAIGN_TRANSITIONS[a].from.includes(status));
}

/** The parts launch needs that a draft lacks (CAMPAIGN_INCOMPLETE lists the same; the review step shows them). */
export const LAUNCH_REQUIREMENTS = ['flow', 'audience', 'purpose', 'agentQueue', 'schedule'] as const;
export type LaunchRequirement = (typeof LAUNCH_REQUIREMENTS)[number];
export function missingForLaunch(s: {
  flowId: string | null;
  audience: { listIds: readonly string[] };
  purpose: string;
  dialingMode: DialingMode;
  agentQueueId: string | null;
  schedule: { startAt: string | null; endAt: string | null };
}): LaunchRequirement[] {
  const missing: LaunchRequirement[] = [];
  if (!s.flowId) missing.push('flow');
  if (s.audience.listIds.length === 0) missing.push('audience');
  if (!s.purpose.trim()) missing.push('purpose');
  if (s.dialingMode !== 'agentless' && !s.agentQueueId) missing.push('agentQueue');
  if (
    s.schedule.startAt &&
    s.schedule.endAt &&
    Date.parse(s.schedule.endAt) <= Date.parse(s.schedule.startAt)
  )
    missing.push('schedule');
  return missing;
}
