import { routeHandler } from '@/server/http/route-handler';
import { temporalCampaignEngine } from '@/server/services/campaigns/lifecycle';
import { engineDepsFromEnv } from '@/server/services/executions/engine-deps-from-env';
import { campaignActionHandler } from './handler';

export const dynamic = 'force-dynamic';

/** POST /api/v1/campaigns/{id}/launch | pause | resume | cancel (handler.ts says how). */
export const POST = routeHandler(
  'api/v1/campaigns',
  campaignActionHandler(() => {
    const deps = engineDepsFromEnv();
    return { db: deps.db, engine: temporalCampaignEngine(deps) };
  }),
);
