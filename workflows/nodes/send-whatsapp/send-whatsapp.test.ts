import { describe, expect, it } from 'vitest';
import type { SendMessageInput, SendMessageResult } from '../../../lib/contracts/engine-activities';
import { compileChain } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { sendWhatsapp } from './definition';
import { sendWhatsappRunner } from './run';

const config = sendWhatsapp.schema.parse({ body: 'Hola {{contact.first_name}}, tu turno es mañana.' });

function context(sendMessage: (args: SendMessageInput) => Promise<SendMessageResult>) {
  return testStepContext({
    input: { channel: 'campaign' },
    scope: { contact: { first_name: 'Ana', phone: '+5493425111111' } },
    activities: { sendMessage },
  });
}

describe('send_whatsapp', () => {
  it('writes to whoever the flow is with as free text unless a template is chosen', () => {
    // An empty `to` is the line's number (sender, caller, else contact.phone): defined in every flow.
    expect(config).toMatchObject({ to: '', contentSid: '' });
    expect(sendWhatsapp.schema.safeParse({}).success).toBe(false);
    expect(sendWhatsapp.schema.safeParse({ body: 'x', contentSid: 'HX123' }).success).toBe(false);
    expect(sendWhatsapp.ports(config).map((p) => [p.id, p.required])).toEqual([
      ['sent', true],
      ['skipped', false],
      ['failed', false],
    ]);
    expect(sendWhatsapp.references(config).flatMap((r) => r.paths)).toEqual(['contact.first_name']);
    expect(sendWhatsapp.references({ ...config, to: '{{contact.phone}}' }).flatMap((r) => r.paths)).toEqual([
      'contact.phone',
      'contact.first_name',
    ]);
    expect(sendWhatsapp.defines(config)).toEqual([{ port: 'sent', variables: ['vars.last_message_id'] }]);
  });

  it('sends on the whatsapp channel with the template SID and follows sent', async () => {
    const contentSid = `HX${'a'.repeat(32)}`;
    const ctx = context(async () => ({ status: 'sent', messageId: 'msg-1' }));
    const result = await sendWhatsappRunner.run({ ...config, contentSid }, ctx);
    expect(result).toEqual({ port: 'sent', set: { 'vars.last_message_id': 'msg-1' } });
    expect(ctx.calls).toEqual([
      {
        via: 'activities',
        name: 'sendMessage',
        args: {
          organizationId: 'org-1',
          executionId: 'exec-1',
          stepId: 'node_1',
          idempotencyKey: 'exec-1:node_1:0',
          channel: 'whatsapp',
          to: '+5493425111111',
          body: 'Hola Ana, tu turno es mañana.',
          contentSid,
          test: false,
        },
      },
    ]);
  });

  it('follows skipped for an opted-out citizen and failed when sending fails or there is no phone', async () => {
    expect(
      await sendWhatsappRunner.run(
        config,
        context(async () => ({ status: 'skipped_opt_out', messageId: '' })),
      ),
    ).toEqual({
      port: 'skipped',
    });
    const failing = context(async () => {
      throw new Error('63016 outside the 24 h window');
    });
    expect(await sendWhatsappRunner.run(config, failing)).toEqual({
      port: 'failed',
      set: { 'vars.last_error': '63016 outside the 24 h window' },
    });
    const noPhone = context(async () => ({ status: 'sent', messageId: 'x' }));
    expect((await sendWhatsappRunner.run({ ...config, to: '{{contact.mobile}}' }, noPhone)).port).toBe(
      'failed',
    );
    expect(noPhone.calls).toEqual([]);
  });

  it('compiles in a campaign flow', () => {
    const result = compileChain({
      trigger: { kind: 'trigger_campaign_contact' },
      chain: [{ kind: 'send_whatsapp', config: { body: 'Hola {{contact.first_name}}' } }],
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
