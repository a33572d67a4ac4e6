import { defineRunner } from '../../engine/step-context';
import { citizenIdOf } from '../contact';
import { HOUR } from '../shared';
import { createTicket } from './definition';

export const createTicketRunner = defineRunner(createTicket, async (c, ctx) => {
  const { ticketId, number } = await ctx.activities.createTicket({
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
  // The short number is what a caller can hear and quote; results recorded before it have none.
  const ids = {
    'vars.ticket_id': ticketId,
    ...(number === undefined ? {} : { 'vars.ticket_number': number }),
  };
  if (!c.waitForResolution) return { port: 'created', set: ids };
  const resolution = await ctx.waitForResolution('ticket', ticketId, c.maxWaitHours * HOUR);
  if (!resolution) return { port: 'breached', set: ids };
  const text = resolution.data?.resolution;
  return {
    port: 'resolved',
    set: { ...ids, 'vars.ticket_resolution': typeof text === 'string' ? text : '' },
  };
});
