import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { schema } from '@/db';
import type { VoiceTurnResult } from '@/lib/contracts/execution';
import { within } from '@/lib/within';
import { signCallbackToken } from '@/server/channels/callback-token';
import { emptyTwiml, renderTwiml, sayAndHangUp, sayAndRedirect } from '@/server/channels/twiml';
import { resolveBinding } from '@/server/services/bindings/bindings';
import { type EngineDeps, startExecution } from '@/server/services/executions/start-execution';
import { numberOwner } from '@/server/services/telephony/org-telephony';
import { callStatusSignal, FOREIGN_CALL, voiceTurnUpdate } from '@/workflows/messages';
import { signerMayTouch } from './auth-token';
import { NUMBER_UNAVAILABLE, SORRY_ERROR, SORRY_WAIT } from './caller-messages';
import { refusedDial } from './dial-guard';
import {
  HANG_UP_TURN,
  outboundAnswerTurn,
  recordOutboundCallStatus,
  resolveOutboundCall,
} from './outbound-call';
import { ANSWER_PARAMS, callStatusFrom, ownNumberOf, voiceInputFrom } from './twilio-params';
import type { TwilioWebhook, WebhookAnswer } from './twilio-webhook';

/** Twilio waits 15 s for TwiML; past this the caller hears an apology and Twilio asks again. */
export const TURN_TIMEOUT_MS = 8000;

export type CallDeps = EngineDeps & { turnTimeoutMs?: number };

/** The workflow (and execution) of a live call. */
export function callWorkflowId(callSid: string): string {
  return `call-${callSid}`;
}

/**
 * An incoming call: runs the flow bound to the called number on workflow call-<CallSid> and
 * answers its first prompt. The update id makes Twilio's retry (or our own redirect after a
 * timeout) get the same first turn instead of being taken as the caller's answer.
 */
export async function answerIncomingCall(deps: CallDeps, hook: TwilioWebhook): Promise<WebhookAnswer> {
  if (hook.query.has('outbound')) return answerOutboundCall(deps, hook);
  const callSid = hook.params.CallSid;
  if (!callSid) return { status: 400, twiml: sayAndHangUp(NUMBER_UNAVAILABLE) };
  const to = hook.params.To ?? '';
  const bound = await resolveBinding(deps.db, 'voice_number', to);
  if (!bound) return { twiml: sayAndHangUp(NUMBER_UNAVAILABLE), detail: { to, bound: false } };
  // The flow must be the organismo's whose number's key verified the call, or nothing starts.
  if (!signerMayTouch(hook.signer, bound.organizationId)) return foreignCall(hook, { to });
  const workflowId = callWorkflowId(callSid);
  const { firstTurn } = await startExecution(deps, {
    organizationId: bound.organizationId,
    program: bound.program,
    executionId: workflowId,
    channel: 'voice',
    timeZone: bound.timeZone,
    variables: { call: { from: hook.params.From ?? '', to, sid: callSid } },
    firstTurn: { updateId: `${callSid}:0` },
    row: 'by_workflow',
  });
  return answerTurn(deps, hook, firstTurn, 1, {
    detail: { organizationId: bound.organizationId, flowId: bound.flowId },
    executionId: workflowId,
    organizationId: bound.organizationId,
  });
}

/** An outbound call was answered (voice?outbound=<token>): its execution's first prompt. */
async function answerOutboundCall(deps: CallDeps, hook: TwilioWebhook): Promise<WebhookAnswer> {
  const target = await resolveOutboundCall(deps.db, hook);
  if (!target) return { status: 403, twiml: renderTwiml(HANG_UP_TURN, { actionUrl: hook.url }) };
  const turn = outboundAnswerTurn(deps, target, hook);
  return answerTurn(deps, hook, turn, 1, {
    detail: { executionId: target.executionId, answeredBy: hook.params.AnsweredBy ?? null },
    executionId: target.executionId,
    outboundToken: target.token,
    organizationId: target.organizationId,
  });
}

/**
 * The caller's answer to prompt `seq` (Gather, Record, Dial or Enqueue callback). The update id
 * <CallSid>:<seq> applies a retried webhook once and returns the first answer again.
 */
export async function continueCall(deps: CallDeps, hook: TwilioWebhook): Promise<WebhookAnswer> {
  const callSid = hook.params.CallSid;
  const seq = Number(hook.query.get('seq'));
  if (!callSid || !Number.isInteger(seq) || seq < 1)
    return { status: 400, twiml: sayAndHangUp(NUMBER_UNAVAILABLE), detail: { seq: hook.query.get('seq') } };
  // A redirect after a timeout carries the original answer in its query (Twilio does not resend it).
  const carried = Object.fromEntries(
    ANSWER_PARAMS.flatMap((k) => {
      const v = hook.query.get(k);
      return v ? [[k, v]] : [];
    }),
  );
  const input = voiceInputFrom({ ...carried, ...hook.params });
  // An outbound call talks to the execution that placed it, not to a call-<CallSid> workflow.
  const outbound = hook.query.has('outbound') ? await resolveOutboundCall(deps.db, hook) : null;
  if (hook.query.has('outbound') && !outbound)
    return { status: 403, twiml: renderTwiml(HANG_UP_TURN, { actionUrl: hook.url }), detail: { seq } };
  const workflowId = outbound?.workflowId ?? callWorkflowId(callSid);
  const client = await deps.temporal();
  // The workflow's validator refuses a turn for another organismo's execution (no I/O here).
  const guard = hook.signer ? { organizationId: hook.signer.organizationId } : {};
  const turn = client.workflow
    .getHandle(workflowId)
    .executeUpdate(voiceTurnUpdate, { args: [input, guard], updateId: `${callSid}:${seq}` });
  return answerTurn(deps, hook, turn, seq + 1, {
    detail: { seq },
    executionId: outbound?.executionId ?? workflowId,
    ...(outbound ? { outboundToken: outbound.token, organizationId: outbound.organizationId } : {}),
  }).catch((err: unknown) => {
    if (isForeignCall(err)) return foreignCall(hook, { seq });
    throw err;
  });
}

/** Call status callbacks: a call that ended (or failed) ends its execution with outcome hung_up. */
export async function recordCallStatus(deps: CallDeps, hook: TwilioWebhook): Promise<WebhookAnswer> {
  if (hook.query.has('outbound')) return recordOutboundCallStatus(deps, hook);
  const callSid = hook.params.CallSid;
  const callStatus = callStatusFrom(hook.params);
  if (!callSid || !callStatus || callStatus === 'in-progress')
    return { twiml: emptyTwiml(), detail: { callStatus: hook.params.CallStatus, signalled: false } };
  const workflowId = callWorkflowId(callSid);
  if (hook.signer) {
    const organizationId = await callOrganization(deps, workflowId);
    if (organizationId === null) return { twiml: emptyTwiml(), detail: { callStatus, signalled: false } };
    if (!signerMayTouch(hook.signer, organizationId))
      return { ...foreignCall(hook, {}), twiml: emptyTwiml() };
  }
  const client = await deps.temporal();
  try {
    await client.workflow.getHandle(workflowId).signal(callStatusSignal, { callStatus });
  } catch (err) {
    // Calls to unbound numbers have no workflow, and a finished flow no longer listens.
    if (err instanceof WorkflowNotFoundError)
      return { twiml: emptyTwiml(), detail: { callStatus, signalled: false } };
    throw err;
  }
  return { twiml: emptyTwiml(), detail: { callStatus, signalled: true } };
}

/** A verified request about another organismo's call or flow than the signer's: 403, nothing touched. */
function foreignCall(hook: TwilioWebhook, detail: Record<string, unknown>): WebhookAnswer {
  return {
    status: 403,
    twiml: renderTwiml(HANG_UP_TURN, { actionUrl: hook.url }),
    detail: { ...detail, refused: 'another organismo', signer: hook.signer?.organizationId ?? null },
  };
}

function isForeignCall(err: unknown): boolean {
  return (
    err instanceof WorkflowUpdateFailedError &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === FOREIGN_CALL
  );
}

/**
 * The organismo of a live call's execution: its row, else (the row is written beside the first
 * prompt, so a very short call may end first) the workflow's memo. Null when neither exists.
 */
async function callOrganization(deps: CallDeps, workflowId: string): Promise<string | null> {
  const row = await deps.db.query.execution.findFirst({
    where: eq(schema.execution.id, workflowId),
    columns: { organizationId: true },
  });
  if (row) return row.organizationId;
  const client = await deps.temporal();
  try {
    const { memo } = await client.workflow.getHandle(workflowId).describe();
    const organizationId = memo?.organizationId;
    return typeof organizationId === 'string' ? organizationId : null;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

/** Which execution a turn belongs to, for the URLs its TwiML gives Twilio. */
type TurnTarget = {
  detail: Record<string, unknown>;
  executionId: string;
  outboundToken?: string;
  /** The organismo the call belongs to, when known; else the owner of the number it came to. */
  organizationId?: string;
};

async function answerTurn(
  deps: CallDeps,
  hook: TwilioWebhook,
  turn: Promise<VoiceTurnResult>,
  nextSeq: number,
  target: TurnTarget,
): Promise<WebhookAnswer> {
  const { detail } = target;
  const settled = await within(turn, deps.turnTimeoutMs ?? TURN_TIMEOUT_MS);
  if (settled.kind === 'error') throw settled.error;
  if (settled.kind === 'timeout') {
    // A turn that times out again on Twilio's retry is not slow but unreachable (Temporal down):
    // the caller hears the apology and the call ends instead of waiting in a loop.
    const turnKey = `${hook.params.CallSid ?? ''}:${nextSeq - 1}`;
    if (timedOutBefore(turnKey))
      return { twiml: sayAndHangUp(SORRY_ERROR), detail: { ...detail, timedOut: true, gaveUp: true } };
    return { twiml: sayAndRedirect(SORRY_WAIT, retryUrl(hook)), detail: { ...detail, timedOut: true } };
  }
  const result = settled.value;
  const outbound = target.outboundToken ? `&outbound=${encodeURIComponent(target.outboundToken)}` : '';
  const records = result.instructions.some((i) => i.type === 'record');
  // Signed by Cauce: names the execution and step, and our number (whose account signs the callback).
  const ref = records
    ? signCallbackToken('recording', [
        target.executionId,
        result.activeStepId ?? '',
        ownNumberOf(hook.params, hook.query),
      ])
    : null;
  const refused = await refusedDial(deps.db, result, async () => {
    if (target.organizationId) return target.organizationId;
    return (await numberOwner(deps.db, ownNumberOf(hook.params, hook.query)))?.organizationId ?? null;
  });
  return {
    twiml: renderTwiml(result, {
      actionUrl: `${hook.origin}/api/twilio/gather?seq=${nextSeq}${outbound}`,
      ...(refused ? { refusedDial: refused } : {}),
      ...(ref
        ? { recordingStatusCallback: `${hook.origin}/api/twilio/recording?ref=${encodeURIComponent(ref)}` }
        : {}),
    }),
    detail: { ...detail, ended: result.ended, stepId: result.activeStepId, ...(refused ? { refused } : {}) },
  };
}

/** The same URL again, with the caller's answer added to the query so the retry still carries it. */
function retryUrl(hook: TwilioWebhook): string {
  const url = new URL(hook.url);
  for (const key of ANSWER_PARAMS) {
    const value = hook.params[key];
    if (value && !url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  return url.toString();
}

// Turns (CallSid:seq) this process answered with the wait-and-retry, for a minute. Bounded: a
// replica that forgets one only lets that call wait once more.
const TIMED_OUT_TTL_MS = 60_000;
const TIMED_OUT_MAX = 5000;
const timedOut = new Map<string, number>();

/** Whether this turn timed out before (and was retried); records it when not. */
function timedOutBefore(turnKey: string): boolean {
  const now = Date.now();
  const at = timedOut.get(turnKey);
  if (at !== undefined && now - at < TIMED_OUT_TTL_MS) {
    timedOut.delete(turnKey);
    return true;
  }
  timedOut.set(turnKey, now);
  if (timedOut.size > TIMED_OUT_MAX) {
    const oldest = timedOut.keys().next().value;
    if (oldest !== undefined) timedOut.delete(oldest);
  }
  return false;
}
