import {
  type Client,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type ScheduleSpec,
} from '@temporalio/client';
import type { retentionPurge } from '../retention-purge';

/** The Temporal Schedule that starts the retention purge. */
export const RETENTION_SCHEDULE_ID = 'cauce-retention-purge';

/** Every night at 03:15 in the organismos' default zone, when contact centers are closed. */
export function retentionScheduleSpec(timeZone: string): ScheduleSpec {
  return { calendars: [{ hour: 3, minute: 15 }], timezone: timeZone };
}

/**
 * Creates the purge's schedule, or points the existing one at this worker's task queue and the
 * current spec (every worker replica does this at start: the last one to start wins, with the
 * same values). A run still going when the next is due is not doubled (overlap SKIP); a server
 * that was down catches up within a day.
 */
export async function ensureRetentionSchedule(
  client: Client,
  opts: { taskQueue: string; timeZone: string },
): Promise<'created' | 'updated'> {
  const spec = retentionScheduleSpec(opts.timeZone);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'retentionPurge',
    workflowId: 'retention-purge',
    taskQueue: opts.taskQueue,
    args: [{}] satisfies Parameters<typeof retentionPurge>,
  };
  try {
    await client.schedule.create({
      scheduleId: RETENTION_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(RETENTION_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action }));
    return 'updated';
  }
}
