import { describe, expect, it } from 'vitest';
import type { SendMessageInput, SendMessageResult } from '../../../lib/contracts/engine-activities';
import { compileChain } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { sendEmail } from './definition';
import { sendEmailRunner } from './run';

const config = sendEmail.schema.parse({
  subject: 'Tu turno\n{{vars.fecha}}',
  text: 'Hola {{contact.first_name}}',
  html: '<p>Hola <b>{{contact.first_name}}</b></p>',
});

function context(
  sendMessage: (args: SendMessageInput) => Promise<SendMessageResult>,
  email = 'ana@example.com',
) {
  return testStepContext({
    input: { channel: 'api' },
    scope: { contact: { first_name: 'Ana <script>', email }, vars: { fecha: '12/03' } },
    activities: { sendMessage },
  });
}

describe('send_email', () => {
  it("writes to the contact's address; subject and text are the designer's", () => {
    const parsed = sendEmail.schema.parse({ subject: 's', text: 't' });
    // An empty `to` is the contact's email, read when the message is sent.
    expect(parsed).toEqual({ to: '', subject: 's', text: 't', html: '' });
    expect(sendEmail.schema.safeParse({}).success).toBe(false);
    expect(sendEmail.ports(parsed).map((p) => [p.id, p.required])).toEqual([
      ['sent', true],
      ['skipped', false],
      ['failed', false],
    ]);
    expect(sendEmail.references(config).map((r) => r.field)).toEqual(['subject', 'text', 'html']);
    expect(sendEmail.references({ ...config, to: '{{input.email}}' }).map((r) => r.field)).toEqual([
      'to',
      'subject',
      'text',
      'html',
    ]);
    expect(sendEmail.summary(config, 'en')).toBe('Tu turno {{vars.fecha}}');
  });

  it('sends subject, text and HTML with escaped values on the email channel', async () => {
    const ctx = context(async () => ({ status: 'sent', messageId: 'mail-1' }));
    expect(await sendEmailRunner.run(config, ctx)).toEqual({
      port: 'sent',
      set: { 'vars.last_message_id': 'mail-1' },
    });
    expect(ctx.calls[0]?.args).toEqual({
      organizationId: 'org-1',
      executionId: 'exec-1',
      stepId: 'node_1',
      idempotencyKey: 'exec-1:node_1:0',
      channel: 'email',
      to: 'ana@example.com',
      subject: 'Tu turno 12/03',
      body: 'Hola Ana <script>',
      html: '<p>Hola <b>Ana &lt;script&gt;</b></p>',
      test: false,
    });
  });

  it('leaves html out when there is none', async () => {
    const ctx = context(async () => ({ status: 'sent', messageId: 'mail-2' }));
    await sendEmailRunner.run({ ...config, html: '' }, ctx);
    expect(ctx.calls[0]?.args).not.toHaveProperty('html');
  });

  it('follows skipped for an opted-out citizen, failed on errors or without an address', async () => {
    const skipped = context(async () => ({ status: 'skipped_opt_out', messageId: '' }));
    expect(await sendEmailRunner.run(config, skipped)).toEqual({ port: 'skipped' });
    const failing = context(async () => {
      throw new Error('SMTP 550');
    });
    expect(await sendEmailRunner.run(config, failing)).toEqual({
      port: 'failed',
      set: { 'vars.last_error': 'SMTP 550' },
    });
    const noAddress = context(async () => ({ status: 'sent', messageId: 'x' }), '');
    expect((await sendEmailRunner.run(config, noAddress)).port).toBe('failed');
    expect(noAddress.calls).toEqual([]);
  });

  it('compiles in an API flow that passes the address', () => {
    const result = compileChain({
      trigger: { kind: 'trigger_api', config: { fields: [{ name: 'email' }, { name: 'nombre' }] } },
      chain: [
        {
          kind: 'send_email',
          config: { to: '{{input.email}}', subject: 'Reclamo recibido', text: 'Hola {{input.nombre}}' },
        },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
