import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CampaignControl, CampaignPacing, CampaignRunInput } from '../lib/contracts/campaign';
import type { Activities } from './activities';
import {
  type CampaignCarry,
  type CampaignRunState,
  campaignControlUpdate,
  campaignStateQuery,
} from './messages';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// Writing 200,000 contacts from the audience can take a while on a small machine.
const { openCampaignRun } = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** A page holds this many seconds of attempts at the campaign's rate: a pause lands between pages. */
const PAGE_SECONDS = 1;
/** How long the campaign sleeps when nothing is due now (retry delays, executions still running). */
const IDLE_MS = 30_000;
const BUSY_WAIT_MS = 1_000;
/** Pages per workflow run before continue-as-new keeps the history short. */
const PAGES_PER_RUN = 400;

/**
 * One campaign, from launch to its last attempt: pages its due contacts, waits for its calling
 * window, paces attempts at its fair share of the platform's rate, and continues as new between
 * runs of pages. Pause, resume, cancel and pace changes are one update (campaignControl), applied
 * before the next page (each page is about a second of attempts). Flows that only send run on the
 * batched path (one activity per page); others get one runFlow per contact, started by an activity
 * with a deterministic id and settled when the execution ends.
 */
export async function campaignRun(input: CampaignRunInput, carry?: CampaignCarry): Promise<void> {
  let paused = carry?.paused ?? false;
  let cancelled = false;
  let woken = false;
  let pacing: CampaignPacing | null = carry?.pacing ?? null;
  const state: CampaignRunState = {
    status: paused ? 'paused' : 'running',
    pacing: pacing ?? { perSecond: 0, maxConcurrent: 0 },
    shareRate: 0,
    inFlight: 0,
  };
  const apply = (control: CampaignControl) => {
    if (control.action === 'pause') paused = true;
    else if (control.action === 'resume') paused = false;
    else if (control.action === 'cancel') cancelled = true;
    else pacing = control.pacing;
    woken = true;
    state.status = cancelled ? 'cancelled' : paused ? 'paused' : 'running';
    if (pacing) state.pacing = pacing;
    return state;
  };
  setHandler(campaignControlUpdate, apply);
  setHandler(campaignStateQuery, () => state);

  const opened = carry ?? { ...(await openCampaignRun(input)), paused };
  pacing ??= opened.pacing;
  state.pacing = pacing;
  /** Sleeps up to `ms`, or until a control arrives. */
  const rest = async (ms: number) => {
    woken = false;
    await condition(() => woken || cancelled, Math.max(1, ms));
  };
  if (opened.startAt > Date.now()) await rest(opened.startAt - Date.now());

  for (let page = 0; !cancelled; page++) {
    if (paused) {
      state.status = 'paused';
      await condition(() => !paused || cancelled);
      continue;
    }
    const tick = await acts.campaignTick({ ...input, pacing });
    state.shareRate = tick.shareRate;
    state.inFlight = tick.inFlight;
    if (tick.status === 'cancelled') cancelled = true;
    if (cancelled || tick.ended) break;
    if (tick.due === 0 && tick.later === 0 && tick.inFlight === 0) break;
    // On the batched path an attempt in progress between pages is one a dead worker left: the next page takes it.
    const due = opened.engine === 'batch' ? tick.due + tick.inFlight : tick.due;
    if (tick.windowOpensAt !== null || tick.windowNeverOpens) {
      state.status = 'waiting_window';
      await rest(tick.windowOpensAt !== null ? tick.windowOpensAt - Date.now() : IDLE_MS);
      continue;
    }
    state.status = 'running';
    const room = opened.engine === 'batch' ? pacing.maxConcurrent : pacing.maxConcurrent - tick.inFlight;
    if (due === 0 || tick.shareRate <= 0 || room <= 0) {
      const untilDue = tick.nextDueAt !== null ? tick.nextDueAt - Date.now() : IDLE_MS;
      await rest(
        tick.inFlight > 0 || tick.shareRate <= 0
          ? Math.min(BUSY_WAIT_MS, Math.max(untilDue, 1))
          : Math.min(untilDue, IDLE_MS),
      );
      continue;
    }
    const limit = Math.max(1, Math.ceil(tick.shareRate * PAGE_SECONDS));
    if (opened.engine === 'batch') {
      await acts.sendCampaignPage({
        ...input,
        limit,
        ratePerSecond: tick.shareRate,
        maxConcurrent: pacing.maxConcurrent,
      });
    } else {
      await acts.startCampaignContacts({
        ...input,
        limit: Math.min(limit, room),
        ratePerSecond: tick.shareRate,
      });
    }
    if (page >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof campaignRun>(input, {
        paused,
        pacing,
        engine: opened.engine,
        startAt: opened.startAt,
      });
    }
  }
  state.status = cancelled ? 'cancelled' : 'completed';
  await acts.closeCampaignRun({ ...input, outcome: cancelled ? 'cancelled' : 'completed' });
}
