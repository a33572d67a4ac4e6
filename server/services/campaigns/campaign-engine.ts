import 'server-only';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { type CampaignControl, type CampaignRunInput, campaignWorkflowId } from '@/lib/contracts/campaign';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import {
  type CampaignRun,
  type CampaignRunState,
  campaignControlUpdate,
  campaignStateQuery,
} from '@/workflows/messages';

/**
 * Starts a campaign's workflow (one per campaign, id campaign-<id>). Starting it again while it runs
 * is a no-op, so a retried launch is harmless.
 */
export async function startCampaignRun(
  deps: Pick<EngineDeps, 'temporal' | 'taskQueue'>,
  input: CampaignRunInput,
): Promise<{ workflowId: string }> {
  const workflowId = campaignWorkflowId(input.campaignId);
  const client = await deps.temporal();
  try {
    await client.workflow.start<CampaignRun>('campaignRun', {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [input],
      memo: { organizationId: input.organizationId },
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { workflowId };
}

/**
 * Pauses, resumes, cancels or re-paces a running campaign through its workflow's update; the
 * workflow applies it before it starts another attempt. Null when the workflow is not running
 * (the caller then settles the campaign's status itself).
 */
export async function controlCampaignRun(
  deps: Pick<EngineDeps, 'temporal'>,
  args: { campaignId: string; control: CampaignControl },
): Promise<CampaignRunState | null> {
  const client = await deps.temporal();
  try {
    return await client.workflow
      .getHandle(campaignWorkflowId(args.campaignId))
      .executeUpdate(campaignControlUpdate, { args: [args.control] });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/** The running workflow's own view (its pace, its share of the platform's rate); null when not running. */
export async function campaignRunState(
  deps: Pick<EngineDeps, 'temporal'>,
  campaignId: string,
): Promise<CampaignRunState | null> {
  const client = await deps.temporal();
  try {
    return await client.workflow.getHandle(campaignWorkflowId(campaignId)).query(campaignStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}
