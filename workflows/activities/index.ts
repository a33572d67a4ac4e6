import 'server-only';
import type { Database } from '../../db';
import type { ChannelAdapter } from '../../server/channels/channel-adapter';
import { engineDepsFromEnv } from '../../server/services/executions/engine-deps-from-env';
import type { EngineDeps } from '../../server/services/executions/start-execution';
import type { RecordingDeleter } from '../../server/services/recordings/delete-at-provider';
import { channelsFromEnv } from '../../server/services/telephony/channels-from-env';
import { createCampaignActivities } from './campaigns';
import { createEngineActivities } from './engine';
import { createRetentionActivities } from './retention';
import { createSystemActivities } from './system';

/**
 * `channels` defaults to what the environment configures per organismo (Twilio, SMTP, else the
 * simulator); `deleteRecording` to deleting at the recording's own Twilio account; `engine` to
 * the environment's Temporal client and task queue.
 */
export type ActivityDeps = {
  db: Database;
  channels?: ChannelAdapter;
  deleteRecording?: RecordingDeleter;
  /** How campaign activities start executions (Temporal client, task queue); the environment's by default. */
  engine?: () => Omit<EngineDeps, 'db'>;
};

/** Activities get their dependencies injected, so tests can observe them. */
export function createActivities(deps: ActivityDeps) {
  const channels = deps.channels ?? channelsFromEnv(deps.db);
  return {
    ...createSystemActivities(deps),
    ...createEngineActivities({ db: deps.db, channels }),
    ...createCampaignActivities({
      db: deps.db,
      channels,
      engine: () => ({ ...(deps.engine ?? engineDepsFromEnv)(), db: deps.db }),
    }),
    ...createRetentionActivities({
      db: deps.db,
      ...(deps.deleteRecording ? { deleteRecording: deps.deleteRecording } : {}),
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
