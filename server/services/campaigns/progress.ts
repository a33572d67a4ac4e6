import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import {
  type CampaignSchedule,
  type CampaignStatus,
  type ContactState,
  ELIGIBILITY_REASONS,
  type EligibilityReason,
} from '@/lib/contracts/campaign';
import { zonedParts } from '@/lib/zoned-time';
import { getCampaign, settingsOf } from './campaigns';
import type { CampaignEngine } from './lifecycle';

/** How far back the current rate is measured, and how long the attempts chart reaches. */
const RATE_WINDOW_S = 300;
const CHART_HOURS = 24;

export type CampaignProgress = Awaited<ReturnType<typeof campaignProgress>>;

/**
 * A campaign's progress as PostgreSQL holds it: contacts by state, reason, last outcome and disposition
 * (one pass over the campaign's rows), the current rate and the ETA it gives, and, while it runs, the
 * workflow's own pace and share of the platform's rate. The page asks every second; the attempts
 * chart (attemptsPerHour, a scan of a day of attempts) it asks less often.
 */
export async function campaignProgress(
  deps: { db: Database; engine?: CampaignEngine | undefined; now?: Date },
  args: { organizationId: string; campaignId: string },
) {
  const now = deps.now ?? new Date();
  const campaign = await getCampaign(deps.db, args.organizationId, args.campaignId);
  const status = campaign.status as CampaignStatus;
  const settings = settingsOf(campaign);
  // Two independent reads, run together: the page waits for the slowest, not for the sum.
  const [groups, recentRows] = await Promise.all([
    deps.db.execute<{
      state: ContactState;
      reason: EligibilityReason | null;
      last_outcome: string | null;
      disposition: string | null;
      n: number;
      callable: number;
    }>(sql`
      select state, reason, last_outcome, disposition, count(*)::int as n,
        (count(*) filter (where state = 'pending' and reason is null
          and (next_attempt_at is null or next_attempt_at <= ${now.toISOString()}::timestamptz)))::int as callable
      from campaign_contact
      where campaign_id = ${campaign.id} and organization_id = ${args.organizationId}
      group by state, reason, last_outcome, disposition`),
    deps.db.execute<{ n: number }>(sql`
      select count(*)::int as n from campaign_attempt
      where campaign_id = ${campaign.id} and organization_id = ${args.organizationId}
        and started_at >= ${new Date(now.getTime() - RATE_WINDOW_S * 1000).toISOString()}::timestamptz`),
  ]);
  const recent = recentRows[0];
  const byState: Partial<Record<ContactState, number>> = {};
  const byReason: Partial<Record<EligibilityReason, number>> = {};
  const byOutcome: Record<string, number> = {};
  const byDisposition: Record<string, number> = {};
  let total = 0;
  let callable = 0;
  for (const g of groups) {
    total += g.n;
    callable += g.callable;
    byState[g.state] = (byState[g.state] ?? 0) + g.n;
    if (g.reason && (ELIGIBILITY_REASONS as readonly string[]).includes(g.reason))
      byReason[g.reason] = (byReason[g.reason] ?? 0) + g.n;
    if (g.last_outcome) byOutcome[g.last_outcome] = (byOutcome[g.last_outcome] ?? 0) + g.n;
    if (g.disposition) byDisposition[g.disposition] = (byDisposition[g.disposition] ?? 0) + g.n;
  }
  const ratePerSecond = (recent?.n ?? 0) / RATE_WINDOW_S;
  const remaining = (byState.pending ?? 0) + (byState.in_progress ?? 0);
  const live =
    status === 'running' || status === 'paused'
      ? await deps.engine?.state(campaign.id).catch(() => null)
      : null;
  const windowOpen = isWindowOpen(settings.schedule, settings.channel, now);
  // Less than a minute of attempts at the campaign's own pace is "running dry".
  const lowThreshold = Math.max(10, Math.ceil(settings.pacing.perSecond * 60));
  return {
    status,
    total,
    remaining,
    callable,
    progress: total === 0 ? 0 : Math.round(((total - remaining) / total) * 1000) / 10,
    byState,
    byReason,
    byOutcome,
    byDisposition,
    ratePerSecond,
    etaSeconds: remaining > 0 && ratePerSecond > 0 ? Math.round(remaining / ratePerSecond) : null,
    windowOpen,
    lowCallable: status === 'running' && windowOpen && remaining > 0 && callable < lowThreshold,
    lowThreshold,
    pacing: settings.pacing,
    engine: live ? { status: live.status, shareRate: live.shareRate, inFlight: live.inFlight } : null,
    at: now,
  };
}

/** Attempts per hour of the last 24 h, by outcome, for the chart. */
export async function attemptsPerHour(
  deps: { db: Database; now?: Date },
  args: { organizationId: string; campaignId: string },
) {
  const now = deps.now ?? new Date();
  const campaign = await getCampaign(deps.db, args.organizationId, args.campaignId);
  const since = new Date(now.getTime() - CHART_HOURS * 3600_000);
  const hours = await deps.db.execute<{ hour: string; outcome: string; n: number }>(sql`
      select to_char(date_trunc('hour', started_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"') as hour,
        outcome, count(*)::int as n
      from campaign_attempt
      where campaign_id = ${campaign.id} and organization_id = ${args.organizationId}
        and started_at >= ${since.toISOString()}::timestamptz
      group by 1, 2 order by 1`);
  return chartRows(hours);
}

function chartRows(rows: readonly { hour: string; outcome: string; n: number }[]) {
  const byHour = new Map<string, { hour: string; total: number; outcomes: Record<string, number> }>();
  for (const r of rows) {
    const entry = byHour.get(r.hour) ?? { hour: r.hour, total: 0, outcomes: {} };
    entry.total += r.n;
    entry.outcomes[r.outcome] = (entry.outcomes[r.outcome] ?? 0) + r.n;
    byHour.set(r.hour, entry);
  }
  return [...byHour.values()];
}

/** Whether the channel's calling window is open now in the campaign's time zone (holidays aside). */
export function isWindowOpen(schedule: CampaignSchedule, channel: string, now: Date): boolean {
  const windows =
    schedule.channelWindows[channel as keyof CampaignSchedule['channelWindows']] ?? schedule.windows;
  const local = zonedParts(now, schedule.timeZone);
  const clock = `${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
  return windows.some((w) => w.day === local.weekday && w.start <= clock && clock < w.end);
}
