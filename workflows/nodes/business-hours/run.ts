import { defineRunner } from '../../engine/step-context';
import { businessHours } from './definition';

export const businessHoursRunner = defineRunner(businessHours, async (c, ctx) => {
  const checked = await ctx.attempt(() =>
    ctx.local.businessHoursStatus({
      organizationId: ctx.input.organizationId,
      scheduleId: c.scheduleId,
      at: ctx.now().toISOString(),
    }),
  );
  // A failed lookup must not cut a live call: treat it as closed, where flows offer a callback.
  if (!checked.ok) return { port: 'closed', set: { 'vars.last_error': checked.error } };
  const { status, holidayName } = checked.value;
  if (status !== 'holiday') return { port: status };
  const set = { 'vars.holiday_name': holidayName ?? '' };
  const holidayConnected = (ctx.program.steps[ctx.stepId]?.next.holiday ?? null) !== null;
  return { port: holidayConnected ? 'holiday' : 'closed', set };
});
