import 'server-only';
import { Context } from '@temporalio/activity';
import type { Database } from '../../db';
import {
  createRecordingDeleter,
  type RecordingDeleter,
} from '../../server/services/recordings/delete-at-provider';
import {
  countsOf,
  organizationsToPurge,
  type PurgeCounts,
  purgeOrganization,
} from '../../server/services/retention/purge';

export type RetentionDeps = { db: Database; deleteRecording?: RecordingDeleter };

/** The scheduled purge's activities (workflows/retention-purge.ts). */
export function createRetentionActivities({ db, deleteRecording }: RetentionDeps) {
  const deleter = deleteRecording ?? createRecordingDeleter();
  return {
    retentionOrganizations: (): Promise<string[]> => organizationsToPurge(db),
    /**
     * One organismo's purge. Its running totals are heartbeated after every batch, so a retry
     * (worker restart, timeout) resumes the counts and the run's one audit row stays complete.
     */
    async purgeOrganizationData(args: {
      organizationId: string;
      runId: string;
      now: string;
    }): Promise<PurgeCounts> {
      const context = activityContext();
      return purgeOrganization(
        { db, deleteRecording: deleter },
        {
          organizationId: args.organizationId,
          runId: args.runId,
          now: new Date(args.now),
          ...(context?.info.heartbeatDetails ? { resumeFrom: countsOf(context.info.heartbeatDetails) } : {}),
          onBatch: (counts) => context?.heartbeat(counts),
        },
      );
    },
  };
}

/** The activity's context, or null when a test calls the function directly. */
function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}
