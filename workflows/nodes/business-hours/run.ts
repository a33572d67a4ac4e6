import { defineRunner } from '../../engine/step-context';
import { businessHours } from './definition';

export const businessHoursRunner = defineRunner(businessHours, async (c, ctx) => {
  const { status, holidayName } = await ctx.local.businessHoursStatus({
    organizationId: ctx.input.organizationId,
    scheduleId: c.scheduleId,
    at: ctx.now().toISOString(),
  });
  if (status !== 'holiday') return { port: status };
  const set = { 'vars.holiday_name': holidayName ?? '' };
  const holidayConnected = (ctx.program.steps[ctx.stepId]?.next.holiday ?? null) !== null;
  return { port: holidayConnected ? 'holiday' : 'closed', set };
});
