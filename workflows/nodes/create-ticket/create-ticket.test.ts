import { describe, expect, it } from 'vitest';
import type { TicketInput } from '../../../lib/contracts/engine-activities';
import { renderTemplate } from '../../dsl/template';
import type { Resolution } from '../../engine/step-context';
import { compileSingleNode, testResources } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { HOUR } from '../shared';
import { createTicket } from './definition';
import { createTicketRunner } from './run';

const luminaria = createTicket.schema.parse({
  areaId: 'area-alumbrado',
  category: 'alumbrado',
  priority: 'high',
  slaHours: 24,
  subject: 'Luminaria apagada en {{vars.direccion}}',
  description: 'Reportado por {{contact.first_name}} al {{contact.phone}}',
});

function run(
  config: typeof luminaria,
  opts: { resolution?: Resolution | null; contactId?: string; test?: boolean } = {},
) {
  const tickets: TicketInput[] = [];
  const ctx = testStepContext({
    stepId: 'ticket',
    input: { executionId: 'exec-7', ...(opts.test ? { test: true } : {}) },
    scope: {
      contact: {
        first_name: 'Ana',
        phone: '+5493424000000',
        ...(opts.contactId ? { id: opts.contactId } : {}),
      },
      vars: { direccion: 'San Martín 1234' },
    },
    activities: {
      createTicket: async (args) => {
        tickets.push(args);
        return { ticketId: 'tk-1' };
      },
    },
    waitForResolution: async () => opts.resolution ?? null,
  });
  return { ctx, tickets, result: createTicketRunner.run(config, ctx) };
}

describe('create_ticket definition', () => {
  it('defaults to a normal 48 h ticket that does not wait, missing only its area', () => {
    const c = createTicket.schema.parse({});
    expect(c).toEqual({
      areaId: '',
      category: 'general',
      priority: 'normal',
      slaHours: 48,
      subject: 'Caso creado desde un flujo',
      description: '',
      waitForResolution: false,
      maxWaitHours: 72,
    });
    expect(createTicket.ports(c).map((p) => p.id)).toEqual(['created']);
    expect(createTicket.waits(c)).toBe(false);
    const problems = createTicket.validate?.(c, {
      nodeId: 't',
      resources: testResources(),
      triggerKind: null,
    });
    expect(problems?.map((p) => [p.code, p.field])).toEqual([['AREA_MISSING', 'areaId']]);
  });

  it('waits with resolved and breached ports when asked to', () => {
    const c = { ...luminaria, waitForResolution: true };
    expect(createTicket.ports(c).map((p) => [p.id, p.required])).toEqual([
      ['resolved', true],
      ['breached', true],
    ]);
    expect(createTicket.waits(c)).toBe(true);
    expect(createTicket.defines(c)).toEqual([
      { port: '*', variables: ['vars.ticket_id', 'vars.ticket_number'] },
      { port: 'resolved', variables: ['vars.ticket_resolution'] },
    ]);
  });

  it('references subject and description and summarises in both languages', () => {
    expect(createTicket.references(luminaria)).toEqual([
      { field: 'subject', paths: ['vars.direccion'] },
      { field: 'description', paths: ['contact.first_name', 'contact.phone'] },
    ]);
    expect(createTicket.summary(luminaria, 'es-AR')).toBe(
      'Luminaria apagada en {{vars.direccion}} · alta · SLA 24 h',
    );
    expect(createTicket.summary(luminaria, 'en')).toContain('· high ·');
  });

  it('accepts an area of the organismo', () => {
    const resources = testResources({ areas: new Set(['area-alumbrado']) });
    expect(createTicket.validate?.(luminaria, { nodeId: 't', resources, triggerKind: null })).toEqual([]);
    expect(createTicket.schema.safeParse({ priority: 'critical' }).success).toBe(false);
  });
});

describe('create_ticket runner', () => {
  it('creates the ticket with rendered text and an idempotency key, and goes on', async () => {
    const { tickets, result, ctx } = run(luminaria, { contactId: 'cit-9' });
    expect(await result).toEqual({ port: 'created', set: { 'vars.ticket_id': 'tk-1' } });
    expect(tickets).toEqual([
      {
        organizationId: 'org-1',
        executionId: 'exec-7',
        idempotencyKey: 'exec-7:ticket:0',
        areaId: 'area-alumbrado',
        category: 'alumbrado',
        priority: 'high',
        slaHours: 24,
        subject: 'Luminaria apagada en San Martín 1234',
        description: 'Reportado por Ana al +5493424000000',
        citizenId: 'cit-9',
      },
    ]);
    expect(ctx.resolutionWaits).toEqual([]);
  });

  it('sends no citizen when the contact is unknown', async () => {
    const { tickets, result } = run(luminaria);
    await result;
    expect(tickets[0]?.citizenId).toBeNull();
  });

  it('waits for the resolution and stores its text', async () => {
    const { ctx, result } = run(
      { ...luminaria, waitForResolution: true, maxWaitHours: 10 },
      { resolution: { outcome: 'resolved', data: { resolution: 'Se cambió la lámpara' } } },
    );
    expect(await result).toEqual({
      port: 'resolved',
      set: { 'vars.ticket_id': 'tk-1', 'vars.ticket_resolution': 'Se cambió la lámpara' },
    });
    expect(ctx.resolutionWaits).toEqual([{ kind: 'ticket', id: 'tk-1', timeoutMs: 10 * HOUR }]);
  });

  it('stores an empty resolution when the area gave no text', async () => {
    const { result } = run(
      { ...luminaria, waitForResolution: true },
      { resolution: { outcome: 'resolved' } },
    );
    expect((await result).set?.['vars.ticket_resolution']).toBe('');
  });

  it('follows breached when the wait times out', async () => {
    const { result } = run({ ...luminaria, waitForResolution: true }, { resolution: null });
    expect(await result).toEqual({ port: 'breached', set: { 'vars.ticket_id': 'tk-1' } });
  });
});

describe('create_ticket compile', () => {
  it('compiles in both modes with a known area, and refuses an unknown one', () => {
    const resources = testResources({ areas: new Set(['area-1']) });
    const base = { areaId: 'area-1', subject: 'Reclamo de {{input.dni}}' };
    const created = compileSingleNode({ kind: 'create_ticket', config: base, resources, apiFields: ['dni'] });
    expect(created.problems).toEqual([]);
    const waiting = compileSingleNode({
      kind: 'create_ticket',
      config: { ...base, waitForResolution: true },
      resources,
      apiFields: ['dni'],
    });
    expect(waiting.problems).toEqual([]);
    expect(Object.keys(waiting.program?.steps.node_1?.next ?? {})).toEqual(['resolved', 'breached']);
    const missing = compileSingleNode({ kind: 'create_ticket', config: { areaId: 'area-2' }, resources });
    expect(missing.problems.map((p) => p.code)).toEqual(['AREA_MISSING']);
  });

  it("marks a test run's ticket as test, and only then", async () => {
    const real = run(luminaria);
    await real.result;
    expect(real.tickets[0]).not.toHaveProperty('test');
    const test = run(luminaria, { test: true });
    await test.result;
    expect(test.tickets[0]?.test).toBe(true);
  });
});

describe('create_ticket and what the caller hears', () => {
  it('exposes the short number, which the digitos filter reads one digit at a time', async () => {
    const ctx = testStepContext({
      stepId: 'ticket',
      activities: {
        createTicket: async () => ({ ticketId: 'b3f0c2a4-0000-4000-8000-000000000000', number: 1042 }),
      },
    });
    const result = await createTicketRunner.run(luminaria, ctx);
    expect(result).toEqual({
      port: 'created',
      set: { 'vars.ticket_id': 'b3f0c2a4-0000-4000-8000-000000000000', 'vars.ticket_number': 1042 },
    });
    const scope = { vars: { ticket_number: 1042 } };
    expect(
      renderTemplate('Su número de caso es {{vars.ticket_number|digitos}}.', scope, { timeZone: 'UTC' }),
    ).toBe('Su número de caso es 1 0 4 2.');
  });
});
