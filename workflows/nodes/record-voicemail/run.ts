import { defineRunner } from '../../engine/step-context';
import { voiceLanguage } from '../shared';
import { recordVoicemail } from './definition';

export const recordVoicemailRunner = defineRunner(recordVoicemail, async (c, ctx) => {
  const prompt = ctx.render(c.prompt).trim();
  if (prompt) ctx.voice.emit({ type: 'say', text: prompt, voice: c.voice, language: voiceLanguage(c.voice) });
  const answer = await ctx.voice.ask({
    type: 'record',
    maxLengthSeconds: c.maxLengthSeconds,
    finishOnKey: c.finishOnKey,
    playBeep: c.playBeep,
  });
  if (!answer.recordingUrl) return { port: 'no_recording' };
  return {
    port: 'recorded',
    set: {
      [`vars.${c.saveAs}`]: answer.recordingUrl,
      [`vars.${c.saveAs}_seconds`]: answer.recordingDurationSeconds ?? 0,
    },
  };
});
