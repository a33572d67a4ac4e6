import { defineRunner } from '../../engine/step-context';
import { lineNumber } from '../contact';
import { sendSms } from './definition';

export const sendSmsRunner = defineRunner(sendSms, async (c, ctx) => {
  const line = c.to.trim() ? null : lineNumber(ctx.scope());
  if (line === '') return { port: 'failed', set: { 'vars.last_error': 'no recipient' } };
  const args = {
    organizationId: ctx.input.organizationId,
    executionId: ctx.input.executionId,
    stepId: ctx.stepId,
    idempotencyKey: ctx.idempotencyKey(),
    channel: 'sms' as const,
    to: line ?? ctx.render(c.to).trim(),
    body: ctx.render(c.body),
    test: ctx.input.test ?? false,
  };
  const result = await ctx.attempt(() => ctx.activities.sendMessage(args));
  if (!result.ok) return { port: 'failed', set: { 'vars.last_error': result.error } };
  if (result.value.status === 'skipped_opt_out') return { port: 'skipped' };
  return { port: 'sent', set: { 'vars.last_message_id': result.value.messageId } };
});
