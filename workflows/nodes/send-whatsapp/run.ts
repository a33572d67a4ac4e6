import type { SendMessageInput } from '../../../lib/contracts/engine-activities';
import { defineRunner } from '../../engine/step-context';
import { lineNumber } from '../contact';
import { sendWhatsapp } from './definition';

/** SendMessageInput has no template field yet; the adapter reads this one until it does. */
export type WhatsappMessageInput = SendMessageInput & { contentSid?: string };

export const sendWhatsappRunner = defineRunner(sendWhatsapp, async (c, ctx) => {
  const to = c.to.trim() ? ctx.render(c.to).trim() : lineNumber(ctx.scope());
  if (!to) return { port: 'failed', set: { 'vars.last_error': 'no recipient' } };
  const args: WhatsappMessageInput = {
    organizationId: ctx.input.organizationId,
    executionId: ctx.input.executionId,
    stepId: ctx.stepId,
    idempotencyKey: ctx.idempotencyKey(),
    channel: 'whatsapp',
    to,
    // With a template the body is the text stored in the outbox and the fallback the adapter shows.
    body: ctx.render(c.body),
    ...(c.contentSid ? { contentSid: c.contentSid } : {}),
    test: ctx.input.test ?? false,
  };
  const result = await ctx.attempt(() => ctx.activities.sendMessage(args));
  if (!result.ok) return { port: 'failed', set: { 'vars.last_error': result.error } };
  if (result.value.status === 'skipped_opt_out') return { port: 'skipped' };
  return { port: 'sent', set: { 'vars.last_message_id': result.value.messageId } };
});
