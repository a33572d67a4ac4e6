import { describe, expect, it } from 'vitest';
import { CallEndedError } from '../../engine/call-ended';
import { compileChain } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { recordVoicemail } from './definition';
import { recordVoicemailRunner } from './run';

const defaults = recordVoicemail.schema.parse({});

describe('record_voicemail', () => {
  it('is valid with no config: a prompt, 120 s, # to finish, a beep, vars.grabacion', () => {
    expect(defaults).toMatchObject({
      maxLengthSeconds: 120,
      finishOnKey: '#',
      playBeep: true,
      saveAs: 'grabacion',
    });
    expect(defaults.prompt).not.toBe('');
    expect(recordVoicemail.ports(defaults).map((p) => [p.id, p.required])).toEqual([
      ['recorded', true],
      ['no_recording', false],
    ]);
    expect(recordVoicemail.defines(defaults)).toEqual([
      { port: 'recorded', variables: ['vars.grabacion', 'vars.grabacion_seconds'] },
    ]);
    expect(recordVoicemail.waits(defaults)).toBe(true);
    expect(recordVoicemail.summary(defaults, 'es-AR')).toContain('120 s');
    expect(recordVoicemail.summary(defaults, 'en')).toContain('Records');
  });

  it('says the prompt, records, and stores the URL and length', async () => {
    const ctx = testStepContext({
      input: { channel: 'voice' },
      scope: { contact: { first_name: 'Ana' } },
      answers: [{ recordingUrl: 'https://rec.example/RE1', recordingDurationSeconds: 14 }],
    });
    const config = recordVoicemail.schema.parse({
      prompt: '{{contact.first_name}}, dejá tu consulta.',
      maxLengthSeconds: 60,
      saveAs: 'consulta',
    });
    const result = await recordVoicemailRunner.run(config, ctx);
    expect(result).toEqual({
      port: 'recorded',
      set: { 'vars.consulta': 'https://rec.example/RE1', 'vars.consulta_seconds': 14 },
    });
    expect(ctx.turns).toEqual([
      [
        { type: 'say', text: 'Ana, dejá tu consulta.', voice: 'Polly.Mia-Neural', language: 'es-MX' },
        { type: 'record', maxLengthSeconds: 60, finishOnKey: '#', playBeep: true },
      ],
    ]);
  });

  it('follows no_recording when the caller left nothing, and skips an empty prompt', async () => {
    const ctx = testStepContext({ input: { channel: 'voice' }, answers: [{ digits: '#' }] });
    const result = await recordVoicemailRunner.run(recordVoicemail.schema.parse({ prompt: '' }), ctx);
    expect(result).toEqual({ port: 'no_recording' });
    expect(ctx.turns[0]?.map((i) => i.type)).toEqual(['record']);
  });

  it('lets a hang-up end the call', async () => {
    const ctx = testStepContext({ input: { channel: 'voice' }, answers: [] });
    await expect(recordVoicemailRunner.run(defaults, ctx)).rejects.toBeInstanceOf(CallEndedError);
  });

  it('compiles in an inbound call flow and is refused in a message flow', () => {
    const chain = [{ kind: 'record_voicemail' }];
    const ok = compileChain({ trigger: { kind: 'trigger_incoming_call' }, chain });
    expect(ok.problems).toEqual([]);
    expect(ok.ok).toBe(true);
    const refused = compileChain({ trigger: { kind: 'trigger_incoming_message' }, chain });
    expect(refused.problems.map((p) => p.code)).toContain('CHANNEL_MISMATCH');
  });
});
