import { evaluateGroup, type RegexMatcher, usesRegex } from '../../dsl/conditions';
import { defineRunner } from '../../engine/step-context';
import { split } from './definition';

// A split without `matches` never asks for a regex engine (loading one costs the execution).
const noRegex: RegexMatcher = () => false;

export const splitRunner = defineRunner(split, async (c, ctx) => {
  const matches = c.cases.some((k) => usesRegex(k.when)) ? await ctx.regexMatcher() : noRegex;
  const match = c.cases.find((k) => evaluateGroup(k.when, ctx.scope(), ctx.input.timeZone, matches));
  return { port: match ? `case_${match.id}` : 'else' };
});
