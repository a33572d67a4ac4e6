import { lookup } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { setVariables } from './definition';

export const setVariablesRunner = defineRunner(setVariables, async (c, ctx) => {
  const set: Record<string, unknown> = {};
  for (const a of c.assignments) {
    const path = `vars.${a.name}`;
    if (a.operation === 'increment') {
      const current = Number(set[path] ?? lookup(ctx.scope(), path) ?? 0);
      set[path] = (Number.isFinite(current) ? current : 0) + 1;
      continue;
    }
    const text = ctx.render(a.value);
    set[path] =
      a.type === 'number'
        ? Number(text.replace(',', '.'))
        : a.type === 'boolean'
          ? ['si', 'sí', 'true', '1', 'yes'].includes(text.trim().toLowerCase())
          : text;
  }
  return { port: 'next', set };
});
