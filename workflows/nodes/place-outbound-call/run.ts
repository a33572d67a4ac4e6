import { defineRunner } from '../../engine/step-context';
import { toE164 } from '../phone-number';
import { CONNECTED_OUTCOMES, placeOutboundCall } from './definition';

export const placeOutboundCallRunner = defineRunner(placeOutboundCall, async (c, ctx) => {
  const rendered = ctx.render(c.to).trim();
  const to = toE164(rendered);
  if (!to) {
    return {
      port: 'failed',
      set: { 'call.outcome': 'failed', 'call.to': rendered, 'vars.last_error': 'not an E.164 number' },
    };
  }
  const placed = await ctx.attempt(() =>
    ctx.activities.placeCall({
      organizationId: ctx.input.organizationId,
      executionId: ctx.input.executionId,
      stepId: ctx.stepId,
      idempotencyKey: ctx.idempotencyKey(),
      to,
      ...(c.callerId ? { from: c.callerId } : {}),
      machineDetection: c.machineDetection,
      timeoutSeconds: c.timeoutSeconds,
      test: ctx.input.test ?? false,
    }),
  );
  if (!placed.ok) {
    return {
      port: 'failed',
      set: { 'call.outcome': 'failed', 'call.to': to, 'vars.last_error': placed.error },
    };
  }
  const { outcome, callId } = placed.value;
  const connected = CONNECTED_OUTCOMES.some((o) => o === outcome);
  return {
    port: outcome,
    set: { 'call.outcome': outcome, 'call.id': callId, 'call.to': to, 'call.direction': 'outbound' },
    ...(connected ? { connectedCall: { callId } } : {}),
  };
});
