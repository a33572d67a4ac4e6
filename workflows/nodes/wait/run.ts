import { parseHhMm, zonedParts, zonedTimeToInstant } from '../../../lib/zoned-time';
import { lookup, toDate } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { DAY, HOUR, MINUTE } from '../shared';
import { wait } from './definition';

const UNIT_MS = { seconds: 1000, minutes: MINUTE, hours: HOUR, days: DAY } as const;

export const waitRunner = defineRunner(wait, async (c, ctx) => {
  const now = ctx.now();
  let target: Date;
  if (c.mode === 'duration') {
    target = new Date(now.getTime() + c.amount * UNIT_MS[c.unit]);
  } else {
    const base = toDate(lookup(ctx.scope(), c.variable));
    const hhmm = parseHhMm(c.time);
    if (!base || !hhmm) return { port: 'invalid_date' };
    const day = zonedParts(base, ctx.input.timeZone);
    const shifted = new Date(Date.UTC(day.year, day.month - 1, day.day + c.offsetDays));
    target = zonedTimeToInstant(
      {
        year: shifted.getUTCFullYear(),
        month: shifted.getUTCMonth() + 1,
        day: shifted.getUTCDate(),
        ...hhmm,
      },
      ctx.input.timeZone,
    );
  }
  if (c.scheduleId) {
    const open = await ctx.local.nextOpenTime({
      organizationId: ctx.input.organizationId,
      scheduleId: c.scheduleId,
      from: new Date(Math.max(target.getTime(), now.getTime())).toISOString(),
    });
    if (open) target = new Date(open);
  }
  const ms = target.getTime() - now.getTime();
  if (ms > 0) await ctx.sleep(ms);
  return { port: 'next' };
});
