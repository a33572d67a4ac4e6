import type { Client } from '@temporalio/client';
import type { Database } from '@/db';
import type { VoiceInput } from '@/lib/contracts/execution';
import { stateQuery } from '@/workflows/messages';
import { storeRecording } from './store-recording';

/** What a flow's variable holds for a simulated recording (vars.grabacion): it names no audio. */
const SIMULATED_RECORDING_PREFIX = 'simulada:';

/**
 * The test phone "left a message" at a Record prompt. The simulator records no audio: nothing was
 * spoken into a microphone, and a synthesized stand-in would pretend otherwise. So the recording is
 * stored as what it is (source 'simulator', a length, no media), listed with the run and labelled
 * "grabación simulada, sin audio", and the flow goes on down its `recorded` port as with Twilio.
 * The row is keyed by run and turn, so a repeated request stores it once.
 */
export async function simulatedRecordingTurn(
  deps: { db: Database; temporal: () => Promise<Client> },
  run: { id: string; organizationId: string; workflowId: string },
  args: { seq: number; seconds: number },
): Promise<VoiceInput> {
  const client = await deps.temporal();
  const state = await client.workflow.getHandle(run.workflowId).query(stateQuery);
  const recordingSid = `SIMRE-${run.id}-${args.seq}`;
  await storeRecording(deps.db, {
    executionId: run.id,
    organizationId: run.organizationId,
    stepId: state.activeStepId,
    source: 'simulator',
    recordingSid,
    callSid: null,
    accountSid: null,
    ownNumber: null,
    mediaUrl: null,
    durationSeconds: args.seconds,
  });
  return {
    recordingUrl: `${SIMULATED_RECORDING_PREFIX}${recordingSid}`,
    recordingDurationSeconds: args.seconds,
  };
}
