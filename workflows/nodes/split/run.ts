import { evaluateGroup } from '../../dsl/conditions';
import { defineRunner } from '../../engine/step-context';
import { split } from './definition';

export const splitRunner = defineRunner(split, async (c, ctx) => {
  const match = c.cases.find((k) => evaluateGroup(k.when, ctx.scope(), ctx.input.timeZone));
  return { port: match ? `case_${match.id}` : 'else' };
});
