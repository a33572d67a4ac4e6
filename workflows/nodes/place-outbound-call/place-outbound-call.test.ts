import { describe, expect, it } from 'vitest';
import type { CallOutcome, PlaceCallInput } from '../../../lib/contracts/engine-activities';
import type { OutboundCallReport } from '../../../lib/contracts/execution';
import { compileChain, resourcesWith } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { placeOutboundCall } from './definition';
import { placeOutboundCallRunner } from './run';

const defaults = placeOutboundCall.schema.parse({});

function context(placeCall: (args: PlaceCallInput) => Promise<{ callId: string; outcome: CallOutcome }>) {
  return testStepContext({
    input: { channel: 'campaign', test: true },
    scope: { contact: { phone: '+54 9 342 511-1111' } },
    activities: { placeCall },
  });
}

describe('place_outbound_call', () => {
  it("calls the contact's phone with machine detection by default", () => {
    // An empty `to` is the contact's phone, read when the call is placed.
    expect(defaults).toEqual({
      to: '',
      machineDetection: true,
      timeoutSeconds: 30,
      callerId: '',
    });
    expect(placeOutboundCall.ports(defaults).map((p) => [p.id, p.required])).toEqual([
      ['answered', true],
      ['machine', false],
      ['no_answer', false],
      ['busy', false],
      ['failed', false],
    ]);
    expect(placeOutboundCall.references(defaults)).toEqual([]);
    expect(placeOutboundCall.references({ ...defaults, to: '{{contact.phone}}' })).toEqual([
      { field: 'to', paths: ['contact.phone'] },
    ]);
    expect(placeOutboundCall.waits(defaults)).toBe(false);
    expect(placeOutboundCall.channels).toEqual(['campaign', 'voice', 'api']);
    expect(placeOutboundCall.summary(defaults, 'es-AR')).toBe('Llamar al contacto · detecta contestador');
  });

  it.each<CallOutcome>(['answered', 'machine', 'no_answer', 'busy', 'failed'])(
    'places the call once per visit and follows %s',
    async (outcome) => {
      const ctx = context(async () => ({ callId: 'CA1', outcome }));
      const result = await placeOutboundCallRunner.run(defaults, ctx);
      expect(result).toEqual({
        port: outcome,
        set: {
          'call.outcome': outcome,
          'call.id': 'CA1',
          'call.to': '+5493425111111',
          'call.direction': 'outbound',
        },
        // Answered calls (a person or a machine) hand the execution over to that call's voice turns.
        ...(outcome === 'answered' || outcome === 'machine' ? { connectedCall: { callId: 'CA1' } } : {}),
      });
      expect(ctx.calls).toEqual([
        {
          via: 'activities',
          name: 'placeCall',
          args: {
            organizationId: 'org-1',
            executionId: 'exec-1',
            stepId: 'node_1',
            idempotencyKey: 'exec-1:node_1:0',
            to: '+5493425111111',
            machineDetection: true,
            timeoutSeconds: 30,
            test: true,
          },
        },
      ]);
    },
  );

  it.each<[OutboundCallReport | null, CallOutcome]>([
    [{ kind: 'answered', answeredBy: 'human' }, 'answered'],
    [{ kind: 'answered', answeredBy: null }, 'answered'],
    [{ kind: 'answered', answeredBy: 'machine_end_beep' }, 'machine'],
    [{ kind: 'ended', callStatus: 'no-answer' }, 'no_answer'],
    [{ kind: 'ended', callStatus: 'busy' }, 'busy'],
    [{ kind: 'ended', callStatus: 'failed' }, 'failed'],
    [null, 'no_answer'],
  ])('waits for a pending call: %j → %s, and records it on the outbox row', async (report, outcome) => {
    const recorded: unknown[] = [];
    const ctx = testStepContext({
      input: { channel: 'campaign' },
      scope: { contact: { phone: '+5493425111111' } },
      activities: {
        placeCall: async () => ({ callId: 'CA9', outcome: 'pending' }),
        recordCallOutcome: async (args) => void recorded.push(args),
      },
      callReports: [report],
    });
    const result = await placeOutboundCallRunner.run({ ...defaults, timeoutSeconds: 20 }, ctx);
    await ctx.settle();
    expect(result.port).toBe(outcome);
    expect(result.set).toMatchObject({ 'call.outcome': outcome, 'call.id': 'CA9' });
    expect(result.connectedCall).toEqual(
      outcome === 'answered' || outcome === 'machine' ? { callId: 'CA9' } : undefined,
    );
    // Ring time + machine detection + the margin, so a slow answer is not taken for no answer.
    expect(ctx.callWaits).toEqual([{ callId: 'CA9', timeoutMs: (20 + 30 + 60) * 1000 }]);
    expect(recorded).toEqual([{ organizationId: 'org-1', idempotencyKey: 'exec-1:node_1:0', outcome }]);
  });

  it('follows failed when the activity fails or the number is not a phone', async () => {
    const broken = context(async () => {
      throw new Error('Twilio 21215');
    });
    expect(await placeOutboundCallRunner.run({ ...defaults, callerId: '+543424000000' }, broken)).toEqual({
      port: 'failed',
      set: { 'call.outcome': 'failed', 'call.to': '+5493425111111', 'vars.last_error': 'Twilio 21215' },
    });
    expect(broken.calls[0]?.args).toMatchObject({ from: '+543424000000' });
    const noPhone = context(async () => ({ callId: 'CA2', outcome: 'answered' }));
    const result = await placeOutboundCallRunner.run({ ...defaults, to: 'sin teléfono' }, noPhone);
    expect(result.port).toBe('failed');
    expect(noPhone.calls).toEqual([]);
  });

  it("reports a caller id that is not one of the organismo's numbers when it compiles", () => {
    const config = placeOutboundCall.schema.parse({ callerId: '+543424999999' });
    const codes = (callerIds: string[] | null) =>
      placeOutboundCall
        .validate?.(config, { nodeId: 'c', resources: { ...resourcesWith(), callerIds }, triggerKind: null })
        .map((p) => [p.code, p.field]);
    expect(codes(['+543424000000'])).toEqual([['CALLER_ID_NOT_OWNED', 'callerId']]);
    expect(codes(['+543424999999'])).toEqual([]);
    expect(codes(null)).toEqual([]);
  });

  it('compiles in a campaign flow with voice nodes after answered', () => {
    const result = compileChain({
      trigger: { kind: 'trigger_campaign_contact' },
      chain: [
        { kind: 'place_outbound_call' },
        {
          kind: 'say',
          config: { text: 'Hola {{contact.first_name}}, le llamamos por su turno.' },
          via: 'answered',
        },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.program?.variables).toEqual(
      expect.arrayContaining(['call.id', 'call.outcome', 'contact.first_name']),
    );
  });
});
