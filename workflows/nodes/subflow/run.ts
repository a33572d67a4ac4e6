import { lookup } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { subflow } from './definition';

export const subflowRunner = defineRunner(subflow, async (c, ctx) => {
  const loaded = await ctx.attempt(() =>
    ctx.activities.loadSubflow({
      organizationId: ctx.input.organizationId,
      flowId: c.flowId,
      version: c.version,
    }),
  );
  if (!loaded.ok) return { port: 'failed', set: { 'vars.subflow_error': loaded.error } };
  const input = Object.fromEntries(c.inputs.map((i) => [i.name, ctx.render(i.value)]));
  const result = await ctx.runSubflow(loaded.value, { input, contact: ctx.scope().contact });
  if (result.status !== 'completed') {
    return { port: 'failed', set: { 'vars.subflow_error': `subflow ${result.status}` } };
  }
  const set: Record<string, unknown> = {};
  // Copied even when the child never set it, so «Terminó» defines every output it promises.
  for (const name of c.outputs) set[`vars.${name}`] = lookup(result.variables, `vars.${name}`) ?? null;
  return { port: 'done', set };
});
