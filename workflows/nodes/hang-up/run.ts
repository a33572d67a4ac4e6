import { defineRunner } from '../../engine/step-context';
import { voiceLanguage } from '../shared';
import { hangUp } from './definition';

export const hangUpRunner = defineRunner(hangUp, async (c, ctx) => {
  if (c.goodbye)
    ctx.voice.emit({
      type: 'say',
      text: ctx.render(c.goodbye),
      voice: c.voice,
      language: voiceLanguage(c.voice),
    });
  ctx.voice.finish({ type: 'hangup' });
  return { port: 'done' };
});
