import { describe, expect, it } from 'vitest';
import type { SendMessageInput, SendMessageResult } from '../../../lib/contracts/engine-activities';
import type { Scope } from '../../dsl/template';
import { compileChain } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { sendSms } from './definition';
import { sendSmsRunner } from './run';

const config = sendSms.schema.parse({ body: 'Su turno está confirmado.' });

function context(scope: Scope) {
  const sent: SendMessageInput[] = [];
  const ctx = testStepContext({
    input: { channel: 'voice' },
    scope,
    activities: {
      sendMessage: async (args: SendMessageInput): Promise<SendMessageResult> => {
        sent.push(args);
        return { status: 'sent', messageId: 'msg-1' };
      },
    },
  });
  return { ctx, sent };
}

describe('send_sms', () => {
  it('writes to whoever the flow is with by default: the caller, the sender, else the contact', async () => {
    expect(config.to).toBe('');
    const caller = context({ call: { from: '+543424222222' } });
    expect((await sendSmsRunner.run(config, caller.ctx)).port).toBe('sent');
    expect(caller.sent[0]?.to).toBe('+543424222222');
    const sender = context({ message: { from: 'whatsapp:+5493425111111' } });
    await sendSmsRunner.run(config, sender.ctx);
    expect(sender.sent[0]?.to).toBe('+5493425111111');
    const listed = context({ contact: { phone: '+5493425333333' } });
    await sendSmsRunner.run(config, listed.ctx);
    expect(listed.sent[0]?.to).toBe('+5493425333333');
    const templated = context({ vars: { otro: '+5493425444444' }, call: { from: '+543424222222' } });
    await sendSmsRunner.run({ ...config, to: '{{vars.otro}}' }, templated.ctx);
    expect(templated.sent[0]?.to).toBe('+5493425444444');
  });

  it('fails without sending when the flow knows nobody to write to', async () => {
    const nobody = context({});
    expect(await sendSmsRunner.run(config, nobody.ctx)).toEqual({
      port: 'failed',
      set: { 'vars.last_error': 'no recipient' },
    });
    expect(nobody.sent).toEqual([]);
  });

  it('compiles with its default recipient after an incoming call and an incoming message', () => {
    for (const trigger of ['trigger_incoming_call', 'trigger_incoming_message']) {
      const result = compileChain({
        trigger: { kind: trigger },
        chain: [{ kind: 'send_sms', config: { body: 'Hola' } }],
      });
      expect(result.problems).toEqual([]);
    }
  });
});
