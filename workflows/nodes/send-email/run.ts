import { stringify } from '../../dsl/filters';
import { lookup, renderTemplate, type Scope } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { sendEmail } from './definition';

export const sendEmailRunner = defineRunner(sendEmail, async (c, ctx) => {
  const to = (c.to.trim() ? ctx.render(c.to) : stringify(lookup(ctx.scope(), 'contact.email'))).trim();
  if (!to.includes('@')) return { port: 'failed', set: { 'vars.last_error': 'no email address' } };
  const html = c.html.trim()
    ? renderTemplate(c.html, escapeStrings(ctx.scope()), { timeZone: ctx.input.timeZone })
    : undefined;
  const args = {
    organizationId: ctx.input.organizationId,
    executionId: ctx.input.executionId,
    stepId: ctx.stepId,
    idempotencyKey: ctx.idempotencyKey(),
    channel: 'email' as const,
    to,
    subject: ctx.render(c.subject).replace(/[\r\n]+/g, ' '),
    body: ctx.render(c.text),
    ...(html === undefined ? {} : { html }),
    test: ctx.input.test ?? false,
  };
  const result = await ctx.attempt(() => ctx.activities.sendMessage(args));
  if (!result.ok) return { port: 'failed', set: { 'vars.last_error': result.error } };
  if (result.value.status === 'skipped_opt_out') return { port: 'skipped' };
  return { port: 'sent', set: { 'vars.last_message_id': result.value.messageId } };
});

/** A copy of the scope with its text HTML-escaped: a citizen's name cannot inject markup. */
function escapeStrings(value: Scope): Scope {
  const out: Scope = {};
  for (const [key, v] of Object.entries(value)) out[key] = escapeValue(v);
  return out;
}

function escapeValue(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(escapeValue);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = escapeValue(v);
    return out;
  }
  return value;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
