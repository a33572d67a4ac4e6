import { describe, expect, it } from 'vitest';
import { compileChain, resourcesWith } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { dialNumber } from './definition';
import { dialNumberRunner } from './run';

const config = dialNumber.schema.parse({ number: '{{vars.guardia}}', timeoutSeconds: 20 });
const scope = { vars: { guardia: '+54 342 400-0000' } };

describe('dial_number', () => {
  it('defaults to 30 s with no caller id and asks for a number', () => {
    const defaults = dialNumber.schema.parse({});
    expect(defaults).toEqual({ number: '', timeoutSeconds: 30, callerId: '' });
    expect(dialNumber.ports(defaults).map((p) => [p.id, p.required])).toEqual([
      ['answered', true],
      ['busy', false],
      ['no_answer', false],
      ['failed', false],
    ]);
    expect(dialNumber.defines(defaults)).toEqual([{ port: '*', variables: ['vars.dial_status'] }]);
    const resources = resourcesWith();
    const validate = (number: string) =>
      dialNumber.validate?.({ ...defaults, number }, { nodeId: 'd', resources, triggerKind: null }).length;
    expect(validate('')).toBe(1);
    expect(validate('4000000')).toBe(1);
    expect(validate('+54 342 400-0000')).toBe(0);
    expect(validate('{{vars.guardia}}')).toBe(0);
    expect(dialNumber.schema.safeParse({ callerId: '0342' }).success).toBe(false);
    expect(dialNumber.summary(defaults, 'en')).toBe('No number');
  });

  it.each([
    ['completed', 'answered'],
    ['answered', 'answered'],
    ['busy', 'busy'],
    ['no-answer', 'no_answer'],
    ['canceled', 'failed'],
    [undefined, 'failed'],
  ])('dials the rendered number in E.164 and maps %s to %s', async (dialStatus, port) => {
    const ctx = testStepContext({
      input: { channel: 'voice' },
      scope,
      answers: [dialStatus === undefined ? {} : { dialStatus }],
    });
    const result = await dialNumberRunner.run({ ...config, callerId: '+543424999999' }, ctx);
    expect(result).toEqual({ port, set: { 'vars.dial_status': dialStatus ?? 'failed' } });
    expect(ctx.turns).toEqual([
      [{ type: 'dial', number: '+543424000000', timeoutSeconds: 20, callerId: '+543424999999' }],
    ]);
  });

  it('fails without dialing when the number does not render to E.164', async () => {
    const ctx = testStepContext({
      input: { channel: 'voice' },
      scope: { vars: { guardia: 'sin dato' } },
      answers: [{ dialStatus: 'completed' }],
    });
    const result = await dialNumberRunner.run(config, ctx);
    expect(result.port).toBe('failed');
    expect(result.set?.['vars.dial_status']).toBe('invalid_number');
    expect(ctx.turns).toEqual([]);
  });

  it("reports a caller id that is not one of the organismo's numbers, and skips the check without them", () => {
    const config = dialNumber.schema.parse({ number: '+543424000000', callerId: '+543424999999' });
    const validate = (callerIds: string[] | null | undefined) =>
      dialNumber
        .validate?.(config, { nodeId: 'd', resources: { ...resourcesWith(), callerIds }, triggerKind: null })
        .map((p) => [p.code, p.field, p.message.en]);
    expect(validate(['+543424111111'])).toEqual([
      [
        'CALLER_ID_NOT_OWNED',
        'callerId',
        "The caller id +543424999999 is not one of the organismo's numbers: choose one registered under Settings → Telephony, or leave it empty.",
      ],
    ]);
    expect(validate(['+543424999999'])).toEqual([]);
    expect(validate(null)).toEqual([]);
    expect(validate(undefined)).toEqual([]);
    // No caller id: the number the citizen called is shown.
    expect(
      dialNumber.validate?.(
        { ...config, callerId: '' },
        { nodeId: 'd', resources: { ...resourcesWith(), callerIds: [] }, triggerKind: null },
      ),
    ).toEqual([]);
  });

  it('compiles in an inbound call flow', () => {
    const result = compileChain({
      trigger: { kind: 'trigger_incoming_call' },
      chain: [{ kind: 'dial_number', config: { number: '+543424000000' } }],
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
