import { defineRunner } from '../../engine/step-context';
import { MINUTE } from '../shared';
import { waitForReply } from './definition';

export const waitForReplyRunner = defineRunner(waitForReply, async (c, ctx) => {
  const reply = await ctx.waitForMessage(c.timeoutMinutes * MINUTE);
  if (!reply) return { port: 'timeout' };
  return {
    port: 'replied',
    set: {
      [`vars.${c.saveAs}`]: reply.body,
      'message.body': reply.body,
      'message.from': reply.from,
      'message.channel': reply.channel,
      'message.receivedAt': reply.receivedAt,
    },
  };
});
