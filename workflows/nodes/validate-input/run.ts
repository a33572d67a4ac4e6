import { defineRunner } from '../../engine/step-context';
import { validateInput } from './definition';
import { normalizeInput } from './formats';

export const validateInputRunner = defineRunner(validateInput, async (c, ctx) => {
  const normal = normalizeInput(c.format, ctx.render(c.value));
  if (normal === null) return { port: 'invalid' };
  return c.saveAs ? { port: 'valid', set: { [`vars.${c.saveAs}`]: normal } } : { port: 'valid' };
});
