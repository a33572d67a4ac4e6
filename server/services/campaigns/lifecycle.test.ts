import { describe, expect, it } from 'vitest';
import { CAMPAIGN_STATUSES, type CampaignStatus } from '@/lib/contracts/campaign';
import { AppError } from '@/server/errors';
import { allowedActions, CAMPAIGN_ACTIONS, type CampaignAction, nextStatus } from './lifecycle';

// The lifecycle of issue 16, written out move by move: anything not here must be refused.
const LEGAL: Record<string, CampaignStatus> = {
  'draft:launch': 'running',
  'draft:launch:later': 'scheduled',
  'scheduled:start': 'running',
  'running:pause': 'paused',
  'paused:resume': 'running',
  'scheduled:cancel': 'cancelled',
  'running:cancel': 'cancelled',
  'paused:cancel': 'cancelled',
  'running:complete': 'completed',
};

const pairs = CAMPAIGN_STATUSES.flatMap((from) => CAMPAIGN_ACTIONS.map((action) => ({ from, action })));

function refusal(from: CampaignStatus, action: CampaignAction): unknown {
  try {
    nextStatus(from, action);
    return null;
  } catch (err) {
    return err;
  }
}

describe('campaign lifecycle', () => {
  it.each(pairs.filter((p) => LEGAL[`${p.from}:${p.action}`]))('$from --$action--> allowed', (p) => {
    expect(nextStatus(p.from, p.action)).toBe(LEGAL[`${p.from}:${p.action}`]);
  });

  it.each(pairs.filter((p) => !LEGAL[`${p.from}:${p.action}`]))(
    '$from --$action--> refused with CAMPAIGN_BAD_TRANSITION',
    (p) => {
      const err = refusal(p.from, p.action);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'CAMPAIGN_BAD_TRANSITION', details: { from: p.from } });
    },
  );

  it('launches to scheduled when the schedule starts later', () => {
    expect(nextStatus('draft', 'launch', { startsLater: true })).toBe(LEGAL['draft:launch:later']);
  });

  it('completed and cancelled campaigns allow nothing', () => {
    expect(allowedActions('completed')).toEqual([]);
    expect(allowedActions('cancelled')).toEqual([]);
    expect(allowedActions('running')).toEqual(['pause', 'cancel', 'complete']);
  });
});
