import { defineRunner } from '../../engine/step-context';
import { citizenIdOf } from '../contact';
import { HOUR } from '../shared';
import { createTicket } from './definition';

export const createTicketRunner = defineRunner(createTicket, async (c, ctx) => {
  const { ticketId } = await ctx.activities.createTicket({
    organizationId: ctx.input.organizationId,
    executionId: ctx.input.executionId,
    idempotencyKey: ctx.idempotencyKey(),
    areaId: c.areaId,
    category: c.category,
    priority: c.priority,
    slaHours: c.slaHours,
    subject: ctx.render(c.subject).trim(),
    description: ctx.render(c.description),
    citizenId: citizenIdOf(ctx.scope()),
    ...(ctx.input.test ? { test: true } : {}),
  });
  if (!c.waitForResolution) return { port: 'created', set: { 'vars.ticket_id': ticketId } };
  const resolution = await ctx.waitForResolution('ticket', ticketId, c.maxWaitHours * HOUR);
  if (!resolution) return { port: 'breached', set: { 'vars.ticket_id': ticketId } };
  const text = resolution.data?.resolution;
  return {
    port: 'resolved',
    set: { 'vars.ticket_id': ticketId, 'vars.ticket_resolution': typeof text === 'string' ? text : '' },
  };
});
