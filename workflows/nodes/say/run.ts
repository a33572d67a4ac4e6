import { defineRunner } from '../../engine/step-context';
import { voiceLanguage } from '../shared';
import { say } from './definition';

export const sayRunner = defineRunner(say, async (c, ctx) => {
  if (c.audioUrl) ctx.voice.emit({ type: 'play', url: c.audioUrl });
  else
    ctx.voice.emit({
      type: 'say',
      text: ctx.render(c.text),
      voice: c.voice,
      language: voiceLanguage(c.voice),
    });
  return { port: 'next' };
});
