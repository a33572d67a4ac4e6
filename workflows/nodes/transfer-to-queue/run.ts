import { lookup } from '../../dsl/template';
import { CallEndedError } from '../../engine/call-ended';
import { defineRunner } from '../../engine/step-context';
import { queueMockOutcome } from '../../engine/test-mocks';
import { MINUTE, voiceLanguage, ZVoice } from '../shared';
import { transferToQueue } from './definition';

/** Twilio <Enqueue> results (QueueResult) where the caller is still on the line but nobody took the call. */
const NOT_TAKEN = new Set(['timeout', 'leave', 'queue-full']);

export const transferToQueueRunner = defineRunner(transferToQueue, async (c, ctx) => {
  const mocked = ctx.mocks?.queues[c.queueId];
  if (mocked) {
    // A test run with this queue's state mocked: no work item for real agents, the mock decides.
    const hold = ctx.render(c.holdMessage).trim();
    const voice = ZVoice.parse(undefined);
    if (hold) ctx.voice.emit({ type: 'say', text: hold, voice, language: voiceLanguage(voice) });
    const outcome = queueMockOutcome(mocked, c.maxWaitMinutes * 60);
    return outcome === 'answered'
      ? { port: 'answered', set: { 'vars.work_item_id': `simulado-${c.queueId}` } }
      : { port: 'timeout', set: { 'vars.work_item_id': '' } };
  }
  const scope = ctx.scope();
  const created = await ctx.attempt(() =>
    ctx.activities.createWorkItem({
      organizationId: ctx.input.organizationId,
      executionId: ctx.input.executionId,
      idempotencyKey: ctx.idempotencyKey(),
      queueId: c.queueId,
      type: 'call',
      priority: c.priority,
      // The ACD takes the caller out of the queue at this time (dialStatus 'timeout').
      dueAt: new Date(ctx.now().getTime() + c.maxWaitMinutes * MINUTE).toISOString(),
      skills: c.skills,
      fields: callFields(scope),
      dispositions: [],
      citizenId: text(lookup(scope, 'contact.id')) || null,
    }),
  );
  // Without a work item no agent can take the call: the flow's fallback (voicemail, callback)
  // serves the caller better than a dropped call.
  if (!created.ok) return { port: 'timeout', set: { 'vars.last_error': created.error } };
  const workItemId = created.value.workItemId;
  const answer = await ctx.voice.ask({
    type: 'enqueue',
    queueId: c.queueId,
    workItemId,
    holdMessage: ctx.render(c.holdMessage),
  });
  const status = answer.dialStatus ?? '';
  if (status === 'bridged') return { port: 'answered', set: { 'vars.work_item_id': workItemId } };
  if (NOT_TAKEN.has(status)) return { port: 'timeout', set: { 'vars.work_item_id': workItemId } };
  if (status === 'hangup') throw new CallEndedError();
  // error, system-shutdown, redirected or nothing: the queue lost the call, so the call ends here.
  ctx.voice.finish({ type: 'hangup' });
  return { port: `queue_${status || 'unknown'}`.replace(/[^a-z0-9_]/g, '_') };
});

/** What the agent sees on the work item before taking the call. */
function callFields(scope: Record<string, unknown>): { label: string; value: string }[] {
  const name = [text(lookup(scope, 'contact.first_name')), text(lookup(scope, 'contact.last_name'))]
    .filter(Boolean)
    .join(' ');
  const fields = [
    { label: 'Teléfono', value: text(lookup(scope, 'call.from')) },
    { label: 'Nombre', value: name },
    { label: 'DNI', value: text(lookup(scope, 'contact.dni')) },
  ];
  return fields.filter((f) => f.value !== '');
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
