import type { CampaignStatus } from '@/lib/contracts/campaign';
import { AppError } from '@/server/errors';

/**
 * The campaign lifecycle as one table: draft → scheduled → running ⇄ paused → completed / cancelled.
 * `launch` goes to scheduled when the schedule starts later, else straight to running; `start` and
 * `complete` are the engine's (the start time arrived, the audience is exhausted).
 */
export const CAMPAIGN_ACTIONS = ['launch', 'start', 'pause', 'resume', 'cancel', 'complete'] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

type Transition = { from: readonly CampaignStatus[]; to: (ctx: { startsLater: boolean }) => CampaignStatus };

export const TRANSITIONS: Record<CampaignAction, Transition> = {
  launch: { from: ['draft'], to: ({ startsLater }) => (startsLater ? 'scheduled' : 'running') },
  start: { from: ['scheduled'], to: () => 'running' },
  pause: { from: ['running'], to: () => 'paused' },
  resume: { from: ['paused'], to: () => 'running' },
  cancel: { from: ['scheduled', 'running', 'paused'], to: () => 'cancelled' },
  complete: { from: ['running'], to: () => 'completed' },
};

/** The status an action leads to from `from`; CAMPAIGN_BAD_TRANSITION when the table has no such move. */
export function nextStatus(
  from: CampaignStatus,
  action: CampaignAction,
  ctx: { startsLater: boolean } = { startsLater: false },
): CampaignStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(from)) {
    throw new AppError('CAMPAIGN_BAD_TRANSITION', `A ${from} campaign cannot ${action}`, { from, action });
  }
  return transition.to(ctx);
}

/** The actions a campaign in `status` allows, for the buttons a page shows. */
export function allowedActions(status: CampaignStatus): CampaignAction[] {
  return CAMPAIGN_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(status));
}

/** What may change once launched: its name and its pace (the rest is what the engine runs on). */
export const EDITABLE_AFTER_LAUNCH = ['name', 'pacing'] as const;

/** Finished campaigns change no more. */
export function isFinished(status: CampaignStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}
