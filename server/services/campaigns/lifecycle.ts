import 'server-only';
import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import {
  CAMPAIGN_TRANSITIONS,
  type CampaignAction,
  type CampaignControl,
  type CampaignPacing,
  type CampaignRunInput,
  type CampaignStatus,
  campaignWorkflowId,
  missingForLaunch,
  ZCampaignPacing,
} from '@/lib/contracts/campaign';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { assertNoLlameCurrent } from '@/server/services/compliance/no-llame';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import type { CampaignRunState } from '@/workflows/messages';
import { campaignRunState, controlCampaignRun, startCampaignRun } from './campaign-engine';
import {
  type CampaignActor,
  type CampaignPatch,
  campaignFlowVersion,
  changedKeys,
  getCampaign,
  organizationLists,
  recordEvent,
  settingsOf,
  writeSettings,
  ZCampaignPatch,
} from './campaigns';

/** The lifecycle's table lives in the contract (pages show buttons from it); this side enforces it. */
export {
  allowedActions,
  CAMPAIGN_ACTIONS,
  type CampaignAction,
  missingForLaunch,
} from '@/lib/contracts/campaign';
export const TRANSITIONS = CAMPAIGN_TRANSITIONS;

/** The status an action leads to from `from`; CAMPAIGN_BAD_TRANSITION when the table has no such move. */
export function nextStatus(
  from: CampaignStatus,
  action: CampaignAction,
  ctx: { startsLater: boolean } = { startsLater: false },
): CampaignStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(from)) {
    throw new AppError('CAMPAIGN_BAD_TRANSITION', `A ${from} campaign cannot ${action}`, { from, action });
  }
  return transition.to(ctx);
}

/** What may change once launched: its name and its pace (the rest is what the engine runs on). */
export const EDITABLE_AFTER_LAUNCH = ['name', 'pacing'] as const;

/** Finished campaigns change no more. */
export function isFinished(status: CampaignStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}

// ——— The transitions on the database and the engine ———

/** What the lifecycle asks of the campaign workflow; tests inject their own to observe it. */
export type CampaignEngine = {
  start: (input: CampaignRunInput) => Promise<{ workflowId: string }>;
  control: (args: { campaignId: string; control: CampaignControl }) => Promise<CampaignRunState | null>;
  state: (campaignId: string) => Promise<CampaignRunState | null>;
};

export type LifecycleDeps = { db: Database; engine: CampaignEngine; now?: () => Date };

/** How long a control waits for the workflow to take it before the UI is told the engine is not answering. */
export const CONTROL_TIMEOUT_MS = 8_000;
/** How long the progress page waits for the workflow's own view of itself. */
export const STATE_TIMEOUT_MS = 1_000;

/** The campaign workflow on Temporal (campaign-engine.ts), with a bounded wait on controls. */
export function temporalCampaignEngine(deps: Pick<EngineDeps, 'temporal' | 'taskQueue'>): CampaignEngine {
  return {
    start: (input) => startCampaignRun(deps, input),
    control: async (args) => {
      const client = await deps.temporal();
      try {
        return await client.withDeadline(Date.now() + CONTROL_TIMEOUT_MS, () =>
          controlCampaignRun({ temporal: async () => client }, args),
        );
      } catch (err) {
        if (isDeadline(err)) {
          throw new AppError(
            'CAMPAIGN_ENGINE_UNAVAILABLE',
            'The campaign workflow did not take the change in time',
          );
        }
        throw err;
      }
    },
    // The page asks every second: a workflow that answers no query (no worker runs it) reads as not running.
    state: async (campaignId) => {
      const client = await deps.temporal();
      try {
        return await client.withDeadline(Date.now() + STATE_TIMEOUT_MS, () =>
          campaignRunState({ temporal: async () => client }, campaignId),
        );
      } catch (err) {
        if (isDeadline(err)) return null;
        throw err;
      }
    },
  };
}

function isDeadline(err: unknown): boolean {
  const code = err instanceof Error ? Reflect.get(err.cause ?? err, 'code') : undefined;
  return code === 4 || (err instanceof Error && /deadline/i.test(err.message));
}

/**
 * Launches a draft: complete, agentless, its flow's published version pinned, its lists the organismo's
 * and ready, the No Llame registry current for a non-exempt basis; records the lists used, sets
 * scheduled or running, then starts the campaign workflow (a failed start puts the draft back).
 */
export async function launchCampaign(deps: LifecycleDeps, actor: CampaignActor, campaignId: string) {
  const now = deps.now?.() ?? new Date();
  const { db } = deps;
  const current = await getCampaign(db, actor.organizationId, campaignId);
  const s = settingsOf(current);
  const startsLater = s.schedule.startAt !== null && Date.parse(s.schedule.startAt) > now.getTime();
  const to = nextStatus(current.status as CampaignStatus, 'launch', { startsLater });
  const missing = missingForLaunch(s);
  if (missing.length > 0) {
    throw new AppError('CAMPAIGN_INCOMPLETE', `The campaign lacks: ${missing.join(', ')}`, { missing });
  }
  if (s.dialingMode !== 'agentless') {
    throw new AppError(
      'DIALING_MODE_UNAVAILABLE',
      'Preview and progressive dialing need agent queues, which are not available yet: use agentless',
      { dialingMode: s.dialingMode },
    );
  }
  const version = await campaignFlowVersion(db, actor.organizationId, s.flowId ?? '');
  const lists = await organizationLists(db, actor.organizationId, s.audience.listIds);
  const notReady = lists.filter((l) => l.status !== 'ready');
  if (notReady.length > 0) {
    throw new AppError('LIST_NOT_READY', 'A list of the audience is not ready', {
      lists: notReady.map((l) => l.id),
    });
  }
  await assertNoLlameCurrent(db, { legalBasis: s.legalBasis, now });
  const workflowId = campaignWorkflowId(current.id);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.campaign)
      .set({ status: to, versionId: version.id, workflowId, launchedAt: now, updatedAt: now })
      .where(
        and(
          eq(schema.campaign.id, current.id),
          eq(schema.campaign.organizationId, actor.organizationId),
          eq(schema.campaign.status, 'draft'),
        ),
      )
      .returning({ id: schema.campaign.id });
    if (!row) throw new AppError('CAMPAIGN_BAD_TRANSITION', 'The campaign was launched meanwhile');
    for (const list of lists)
      await recordEvent(tx, actor, current.id, 'list_used', { listId: list.id, name: list.name });
    await recordEvent(tx, actor, current.id, 'launched', {
      from: 'draft',
      to,
      versionId: version.id,
      version: version.version,
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'campaign.launched',
      targetType: 'campaign',
      targetId: current.id,
      data: {
        source: actor.source,
        to,
        flowId: s.flowId,
        version: version.version,
        legalBasis: s.legalBasis,
        lists: lists.map((l) => l.id),
      },
      requestId: actor.requestId,
    });
  });
  try {
    await deps.engine.start({ campaignId: current.id, organizationId: actor.organizationId });
  } catch (err) {
    // Nothing runs it: the campaign is a draft again, and its history says why.
    await db
      .update(schema.campaign)
      .set({ status: 'draft', versionId: null, workflowId: null, launchedAt: null, updatedAt: new Date() })
      .where(and(eq(schema.campaign.id, current.id), eq(schema.campaign.status, to)));
    await recordEvent(db, actor, current.id, 'launch_failed', { error: String(err) });
    throw err;
  }
  return { id: current.id, status: to, versionId: version.id, workflowId };
}

type ControlAction = 'pause' | 'resume' | 'cancel';

/**
 * Pauses, resumes or cancels: the workflow is told first (an update it applies before its next
 * attempt); when it is not running (null) the status is settled here all the same.
 */
export async function controlCampaign(
  deps: LifecycleDeps,
  actor: CampaignActor,
  args: { campaignId: string; action: ControlAction },
) {
  const { db } = deps;
  const current = await getCampaign(db, actor.organizationId, args.campaignId);
  const from = current.status as CampaignStatus;
  const to = nextStatus(from, args.action);
  const state = await deps.engine.control({ campaignId: current.id, control: { action: args.action } });
  const now = deps.now?.() ?? new Date();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.campaign)
      .set({ status: to, updatedAt: now, ...(to === 'cancelled' ? { finishedAt: now } : {}) })
      .where(
        and(
          eq(schema.campaign.id, current.id),
          eq(schema.campaign.organizationId, actor.organizationId),
          eq(schema.campaign.status, from),
        ),
      )
      .returning({ id: schema.campaign.id });
    if (!row) throw new AppError('CAMPAIGN_BAD_TRANSITION', 'The campaign changed status meanwhile');
    const type = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' }[args.action];
    await recordEvent(tx, actor, current.id, type, { from, to, workflowRunning: state !== null });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: `campaign.${type}`,
      targetType: 'campaign',
      targetId: current.id,
      data: { source: actor.source, from, to },
      requestId: actor.requestId,
    });
  });
  return { id: current.id, status: to };
}

/** Changes a campaign: a draft any part (campaigns.ts); a launched one its name, and its pace through the workflow. */
export async function updateCampaign(
  deps: LifecycleDeps,
  actor: CampaignActor,
  args: { campaignId: string; patch: CampaignPatch },
) {
  const current = await getCampaign(deps.db, actor.organizationId, args.campaignId);
  const patch = ZCampaignPatch.parse(args.patch);
  const status = current.status as CampaignStatus;
  const keys = changedKeys(patch);
  if (status !== 'draft') {
    const locked = keys.filter((k) => !(EDITABLE_AFTER_LAUNCH as readonly string[]).includes(k));
    if (isFinished(status) || locked.length > 0) {
      throw new AppError('CAMPAIGN_NOT_EDITABLE', `A ${status} campaign cannot change ${locked.join(', ')}`, {
        status,
        fields: isFinished(status) ? keys : locked,
      });
    }
  }
  const { pacing, ...rest } = patch;
  if (status === 'draft' || pacing === undefined)
    return writeSettings(deps.db, actor, { campaignId: current.id, patch });
  if (changedKeys(rest).length > 0)
    await writeSettings(deps.db, actor, { campaignId: current.id, patch: rest });
  return changePace(deps, actor, { campaignId: current.id, pacing });
}

/** A new pace for a launched campaign: the running workflow takes it, then the row and an event say so. */
export async function changePace(
  deps: LifecycleDeps,
  actor: CampaignActor,
  args: { campaignId: string; pacing: CampaignPacing },
) {
  const { db } = deps;
  const current = await getCampaign(db, actor.organizationId, args.campaignId);
  const status = current.status as CampaignStatus;
  if (isFinished(status)) {
    throw new AppError('CAMPAIGN_NOT_EDITABLE', `A ${status} campaign cannot change its pace`, { status });
  }
  const pacing = ZCampaignPacing.parse(args.pacing);
  if (status !== 'draft') {
    await deps.engine.control({ campaignId: current.id, control: { action: 'pace', pacing } });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.campaign)
      .set({ pacing, updatedAt: new Date() })
      .where(
        and(eq(schema.campaign.id, current.id), eq(schema.campaign.organizationId, actor.organizationId)),
      )
      .returning();
    if (!row) throw new AppError('NOT_FOUND', 'Campaign not found');
    await recordEvent(tx, actor, current.id, 'pace_changed', { from: current.pacing, to: pacing });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'campaign.pace_changed',
      targetType: 'campaign',
      targetId: current.id,
      data: { source: actor.source, from: current.pacing, to: pacing },
      requestId: actor.requestId,
    });
    return row;
  });
}
