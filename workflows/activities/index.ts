import 'server-only';
import type { Database } from '../../db';
import type { ChannelAdapter } from '../../server/channels/channel-adapter';
import { channelsFromEnv } from '../../server/services/telephony/channels-from-env';
import { createEngineActivities } from './engine';
import { createSystemActivities } from './system';

/** `channels` defaults to what the environment configures per organismo (Twilio, SMTP, else the simulator). */
export type ActivityDeps = { db: Database; channels?: ChannelAdapter };

/** Activities get their dependencies injected, so tests can observe them. */
export function createActivities(deps: ActivityDeps) {
  const channels = deps.channels ?? channelsFromEnv(deps.db);
  return { ...createSystemActivities(deps), ...createEngineActivities({ db: deps.db, channels }) };
}

export type Activities = ReturnType<typeof createActivities>;
