import { WorkflowNotFoundError } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { VoiceInput, VoiceTurnResult } from '@/lib/contracts/execution';
import { verifyCallbackToken } from '@/server/channels/callback-token';
import { emptyTwiml } from '@/server/channels/twiml';
import { advanceCallRow, isCallInProgress } from '@/server/services/calls/call-progress';
import { callStatusSignal, voiceTurnUpdate } from '@/workflows/messages';
import { signerMayTouch } from './auth-token';
import type { CallDeps } from './call-turns';
import { callStatusFrom } from './twilio-params';
import type { TwilioWebhook, WebhookAnswer } from './twilio-webhook';

/** The execution behind an outbound call's webhooks (`?outbound=<token>` names its outbox row). */
export type OutboundTarget = {
  token: string;
  idempotencyKey: string;
  organizationId: string;
  executionId: string;
  workflowId: string;
  callSid: string;
  /** The call row's status: its progress, then the outcome the execution took. */
  status: string;
};

/** Outcomes after which the execution no longer talks to the call: a late answer is hung up. */
const DONE_WITHOUT_ANSWER = new Set(['no_answer', 'busy', 'failed']);

/** The execution took an outcome that did not connect this call (no need to ask the workflow). */
export function callIsClosed(target: OutboundTarget): boolean {
  return DONE_WITHOUT_ANSWER.has(target.status);
}

/** A turn that ends the call: for a call no execution (any longer) wants to talk to. */
export const HANG_UP_TURN: VoiceTurnResult = {
  instructions: [{ type: 'hangup' }],
  ended: true,
  activeStepId: null,
};

/**
 * The execution an outbound call's webhook is about, or null when the token was not signed here,
 * names no call row, the row belongs to another call (a CallSid other than the one recorded), or
 * to another organismo than the one whose number's key verified the request.
 */
export async function resolveOutboundCall(db: Database, hook: TwilioWebhook): Promise<OutboundTarget | null> {
  const token = hook.query.get('outbound');
  const callSid = hook.params.CallSid;
  const parts = verifyCallbackToken('outbound-call', token);
  const idempotencyKey = parts?.length === 1 ? parts[0] : undefined;
  if (!token || !idempotencyKey || !callSid) return null;
  const [row] = await db
    .select({
      organizationId: schema.outboundMessage.organizationId,
      executionId: schema.execution.id,
      workflowId: schema.execution.workflowId,
      providerId: schema.outboundMessage.providerId,
      status: schema.outboundMessage.status,
    })
    .from(schema.outboundMessage)
    .innerJoin(
      schema.execution,
      and(
        eq(schema.execution.id, schema.outboundMessage.executionId),
        eq(schema.execution.organizationId, schema.outboundMessage.organizationId),
      ),
    )
    .where(
      and(
        eq(schema.outboundMessage.idempotencyKey, idempotencyKey),
        eq(schema.outboundMessage.channel, 'voice'),
      ),
    )
    .limit(1);
  if (!row || (row.providerId !== null && row.providerId !== callSid)) return null;
  // Verified with the key of another organismo's number: not this execution's call.
  if (!signerMayTouch(hook.signer, row.organizationId)) return null;
  const { providerId: _providerId, ...found } = row;
  return { token, idempotencyKey, callSid, ...found };
}

/**
 * The answer webhook of a call an execution placed: the execution's own voiceTurn update, with
 * Twilio's AnsweredBy, decides answered or machine and returns the first prompt. The update id
 * <CallSid>:0 makes Twilio's retry get the same TwiML; an execution that gave up on the call (or
 * ended) answers a hang-up.
 */
export function outboundAnswerTurn(
  deps: CallDeps,
  target: OutboundTarget,
  hook: TwilioWebhook,
): Promise<VoiceTurnResult> {
  const answeredBy = hook.params.AnsweredBy?.trim();
  const input: VoiceInput = {
    outboundCall: { callSid: target.callSid, ...(answeredBy ? { answeredBy } : {}) },
  };
  // Late (after the wait took no answer): the flow has moved on, hang up without asking it.
  if (callIsClosed(target)) return Promise.resolve(HANG_UP_TURN);
  return (async () => {
    await advanceCallRow(deps.db, { ...target, status: 'in-progress' });
    const client = await deps.temporal();
    return client.workflow
      .getHandle(target.workflowId)
      .executeUpdate(voiceTurnUpdate, { args: [input], updateId: `${target.callSid}:0` })
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return HANG_UP_TURN;
        throw err;
      });
  })();
}

/**
 * A status callback of an outbound call: progress (initiated, ringing, in-progress) moves its outbox
 * row; a final status is signalled to the execution, which takes the first one while it waits and
 * ignores the rest (duplicates, and anything after the call was decided but its hang-up).
 */
export async function recordOutboundCallStatus(deps: CallDeps, hook: TwilioWebhook): Promise<WebhookAnswer> {
  const target = await resolveOutboundCall(deps.db, hook);
  if (!target) return { status: 403, twiml: emptyTwiml(), detail: { outbound: 'unknown' } };
  const status = hook.params.CallStatus ?? '';
  if (isCallInProgress(status)) {
    const moved = await advanceCallRow(deps.db, { ...target, status });
    return { twiml: emptyTwiml(), detail: { callStatus: status, moved } };
  }
  const callStatus = callStatusFrom(hook.params);
  if (!callStatus || callIsClosed(target))
    return { twiml: emptyTwiml(), detail: { callStatus: status, signalled: false } };
  const client = await deps.temporal();
  try {
    await client.workflow.getHandle(target.workflowId).signal(callStatusSignal, {
      callStatus,
      outboundCall: { callSid: target.callSid },
    });
  } catch (err) {
    // A finished execution no longer listens: the callback is late, nothing to do.
    if (err instanceof WorkflowNotFoundError)
      return { twiml: emptyTwiml(), detail: { callStatus, signalled: false } };
    throw err;
  }
  return { twiml: emptyTwiml(), detail: { callStatus, signalled: true, executionId: target.executionId } };
}
