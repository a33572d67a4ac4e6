import { lookup } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { CONSENT_CHANNELS, updateCitizen } from './definition';

export const updateCitizenRunner = defineRunner(updateCitizen, async (c, ctx) => {
  const citizenId = lookup(ctx.scope(), 'contact.id');
  if (typeof citizenId !== 'string' || citizenId === '') {
    return { port: 'failed', set: { 'vars.last_error': 'no identified citizen (contact.id)' } };
  }
  const fields: Record<string, string> = {};
  for (const f of c.fields) fields[f.field] = ctx.render(f.value).trim();
  const consents = c.optOut
    ? CONSENT_CHANNELS.map((channel) => ({ channel, status: 'opted_out' as const }))
    : c.consents;
  const result = await ctx.attempt(() =>
    ctx.activities.updateCitizen({ organizationId: ctx.input.organizationId, citizenId, fields, consents }),
  );
  if (!result.ok) return { port: 'failed', set: { 'vars.last_error': result.error } };
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) set[`contact.${field}`] = value;
  return { port: 'updated', set };
});
