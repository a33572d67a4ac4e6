import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from './activities';

const { recordPing } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Proves a worker runs workflows and activities end to end (health checks and tests). */
export async function systemPing(message: string): Promise<string> {
  return recordPing(message);
}

/** Does nothing: the baseline a benchmark compares runFlow with (raw Temporal cost per workflow). */
export async function noop(): Promise<number> {
  return 1;
}
