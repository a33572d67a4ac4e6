import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
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

export const echo = defineUpdate<string, [string, boolean?]>('echo');

/**
 * Answers `echo` updates with their argument until an echo marked last (then it ends, as a call
 * does on its last turn): the raw update cost a voice turn is compared with.
 */
export async function echoUpdate(): Promise<void> {
  let stopped = false;
  setHandler(echo, (value, last) => {
    if (last) stopped = true;
    return value;
  });
  await condition(() => stopped);
}
