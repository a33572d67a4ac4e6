import type { CallOutcome } from '../../../lib/contracts/engine-activities';
import { toE164 } from '../../../lib/phone-number';
import { defineRunner } from '../../engine/step-context';
import { contactNumber } from '../contact';
import { CONNECTED_OUTCOMES, placeOutboundCall } from './definition';
import { outcomeWaitMs, reportedOutcome } from './outcome';

export const placeOutboundCallRunner = defineRunner(placeOutboundCall, async (c, ctx) => {
  const rendered = c.to.trim() ? ctx.render(c.to).trim() : contactNumber(ctx.scope());
  const to = toE164(rendered);
  if (!to) {
    return {
      port: 'failed',
      set: { 'call.outcome': 'failed', 'call.to': rendered, 'vars.last_error': 'not an E.164 number' },
    };
  }
  const idempotencyKey = ctx.idempotencyKey();
  const placed = await ctx.attempt(() =>
    ctx.activities.placeCall({
      organizationId: ctx.input.organizationId,
      executionId: ctx.input.executionId,
      stepId: ctx.stepId,
      idempotencyKey,
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
  const { callId } = placed.value;
  let outcome: CallOutcome;
  const extra: Record<string, unknown> = {};
  if (placed.value.outcome === 'pending') {
    // Twilio took the call; its answer webhook or a final status callback decides the port.
    const report = await ctx.awaitCallOutcome(callId, outcomeWaitMs(c, ctx.input.callOutcomeMarginSeconds));
    outcome = reportedOutcome(report);
    if (report === null) extra['vars.last_error'] = 'no call outcome in time';
    else if (report.kind === 'ended' && outcome === 'failed')
      extra['vars.last_error'] = `call ${report.callStatus}`;
    // The outbox row shows what the flow did; not awaited, so an answered call's first prompt is not delayed.
    ctx.background(() =>
      ctx.activities.recordCallOutcome({ organizationId: ctx.input.organizationId, idempotencyKey, outcome }),
    );
  } else {
    outcome = placed.value.outcome;
  }
  const connected = CONNECTED_OUTCOMES.some((o) => o === outcome);
  return {
    port: outcome,
    set: {
      'call.outcome': outcome,
      'call.id': callId,
      'call.to': to,
      'call.direction': 'outbound',
      ...extra,
    },
    ...(connected ? { connectedCall: { callId } } : {}),
  };
});
