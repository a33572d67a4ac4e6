import { defineRunner } from '../../engine/step-context';
import { citizenIdOf } from '../contact';
import { HOUR } from '../shared';
import { createWorkItem } from './definition';

export const createWorkItemRunner = defineRunner(createWorkItem, async (c, ctx) => {
  const { workItemId } = await ctx.activities.createWorkItem({
    organizationId: ctx.input.organizationId,
    executionId: ctx.input.executionId,
    idempotencyKey: ctx.idempotencyKey(),
    queueId: c.queueId,
    type: c.type,
    priority: c.priority,
    dueAt: c.dueInHours === null ? null : new Date(ctx.now().getTime() + c.dueInHours * HOUR).toISOString(),
    skills: c.skills,
    fields: c.fields.map((f) => ({ label: f.label, value: ctx.render(f.value) })),
    dispositions: c.dispositions,
    citizenId: citizenIdOf(ctx.scope()),
    ...(ctx.input.test ? { test: true } : {}),
  });
  const set: Record<string, unknown> = { 'vars.work_item_id': workItemId };
  if (!c.waitForDisposition) return { port: 'created', set };
  const resolution = await ctx.waitForResolution('workItem', workItemId, c.maxWaitHours * HOUR);
  // The agent's disposition arrives as the resolution's outcome.
  const disposition = resolution?.outcome ?? '';
  set['vars.work_item_disposition'] = disposition;
  return { port: c.dispositions.includes(disposition) ? `disp_${disposition}` : 'expired', set };
});
