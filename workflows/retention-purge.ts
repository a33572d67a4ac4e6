import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from './activities';

const { retentionOrganizations } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });
const { purgeOrganizationData } = proxyActivities<Activities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '10 seconds' },
});

export type RetentionPurgeInput = {
  /** The clock the cutoffs are computed from (tests); the workflow's own start time otherwise. */
  now?: string;
};

export type RetentionPurgeResult = {
  runId: string;
  now: string;
  organizations: number;
  totals: Record<string, number>;
};

/**
 * Purges personal data older than each organismo's retention policy: one activity per organismo,
 * one after another (a purge is background work and must not crowd live calls), each writing one
 * audit row with its counts, keyed by this run's workflow id.
 */
export async function retentionPurge(input: RetentionPurgeInput = {}): Promise<RetentionPurgeResult> {
  const runId = workflowInfo().workflowId;
  // Date.now() in a workflow is the task's deterministic time.
  const now = input.now ?? new Date(Date.now()).toISOString();
  const organizations = await retentionOrganizations();
  const totals: Record<string, number> = {};
  for (const organizationId of organizations) {
    const counts = await purgeOrganizationData({ organizationId, runId, now });
    for (const [key, value] of Object.entries(counts)) totals[key] = (totals[key] ?? 0) + value;
  }
  return { runId, now, organizations: organizations.length, totals };
}
