import { toE164 } from '../../../lib/phone-number';
import { defineRunner } from '../../engine/step-context';
import { dialNumber } from './definition';

/** Twilio's DialCallStatus → port; 'completed' means the other side answered and hung up normally. */
const PORTS: Record<string, string> = {
  completed: 'answered',
  answered: 'answered',
  busy: 'busy',
  'no-answer': 'no_answer',
};

export const dialNumberRunner = defineRunner(dialNumber, async (c, ctx) => {
  const number = toE164(ctx.render(c.number));
  if (!number) {
    return {
      port: 'failed',
      set: { 'vars.dial_status': 'invalid_number', 'vars.last_error': 'not an E.164 number' },
    };
  }
  const answer = await ctx.voice.ask({
    type: 'dial',
    number,
    timeoutSeconds: c.timeoutSeconds,
    ...(c.callerId ? { callerId: c.callerId } : {}),
  });
  const status = answer.dialStatus ?? 'failed';
  return { port: PORTS[status] ?? 'failed', set: { 'vars.dial_status': status } };
});
