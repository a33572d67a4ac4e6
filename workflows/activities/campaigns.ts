import 'server-only';
import type { CampaignPacing, CampaignRunInput } from '../../lib/contracts/campaign';
import type { ChannelAdapter } from '../../server/channels/channel-adapter';
import {
  campaignTick,
  closeCampaignRun,
  openCampaignRun,
} from '../../server/services/campaigns/campaign-run';
import { reconcileContactRuns, startCampaignContacts } from '../../server/services/campaigns/contact-runs';
import { sendCampaignPage } from '../../server/services/campaigns/send-batch';
import type { EngineDeps } from '../../server/services/executions/start-execution';

/**
 * The campaign workflow's activities. Each takes the campaign and its organismo and touches only
 * that organismo's rows (campaignOf refuses another's). A page holds about one second of
 * attempts, so a pause or a new pace applies within a second or two, between pages.
 */
export function createCampaignActivities(deps: {
  db: EngineDeps['db'];
  channels: ChannelAdapter;
  engine: () => EngineDeps;
}) {
  return {
    openCampaignRun: (input: CampaignRunInput) => openCampaignRun(deps.db, input),
    campaignTick: async (input: CampaignRunInput & { pacing: CampaignPacing }) => {
      // Per-contact runs settle when their execution ends; the tick collects them first.
      await reconcileContactRuns(deps.db, input);
      return campaignTick(deps.db, input);
    },
    sendCampaignPage: (
      args: CampaignRunInput & { limit: number; ratePerSecond: number; maxConcurrent: number },
    ) => sendCampaignPage({ db: deps.db, channels: deps.channels }, args),
    startCampaignContacts: (args: CampaignRunInput & { limit: number; ratePerSecond: number }) =>
      startCampaignContacts(deps.engine(), args),
    closeCampaignRun: (args: CampaignRunInput & { outcome: 'completed' | 'cancelled' }) =>
      closeCampaignRun(deps.db, args),
  };
}
