import { classifyIntent as classify } from '../../dsl/intents';
import { defineRunner } from '../../engine/step-context';
import { classifyIntent, MESSAGE_TEXT } from './definition';

/** vars.intent is the matched intent's id, or '' when nothing reached the threshold. */
export const classifyIntentRunner = defineRunner(classifyIntent, async (c, ctx) => {
  const result = classify(ctx.render(c.text || MESSAGE_TEXT), c.intents, c.threshold);
  return {
    port: result.intent === null ? 'unknown' : `intent_${result.intent}`,
    set: { 'vars.intent': result.intent ?? '', 'vars.intent_score': result.score },
  };
});
