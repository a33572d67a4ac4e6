import { describe, expect, it } from 'vitest';
import type { SendMessageInput, SendMessageResult } from '../../../lib/contracts/engine-activities';
import type { InboundMessage, VoiceInput } from '../../../lib/contracts/execution';
import { compileChain } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { DEFAULT_QUESTIONS, survey } from './definition';
import { surveyRunner } from './run';

const csat = survey.schema.parse({});
const nps = survey.schema.parse({ scale: 'nps', saveAs: 'nps', retries: 0 });

function onCall(answers: VoiceInput[]) {
  return testStepContext({
    input: { channel: 'voice' },
    scope: { contact: { id: 'cit-1' } },
    answers,
    activities: { recordSurvey: async () => {} },
  });
}

const reply = (body: string): InboundMessage => ({
  from: '+5493425111111',
  body,
  channel: 'whatsapp',
  receivedAt: '2026-03-10T13:01:00.000Z',
});

function onMessages(
  messages: (InboundMessage | null)[],
  sendMessage: (args: SendMessageInput) => Promise<SendMessageResult> = async () => ({
    status: 'sent',
    messageId: 'm',
  }),
) {
  return testStepContext({
    input: { channel: 'whatsapp' },
    scope: { message: { from: '+5493425111111' } },
    messages,
    activities: { sendMessage, recordSurvey: async () => {} },
  });
}

describe('survey', () => {
  it('asks a CSAT question by default and waits for the answer', () => {
    expect(csat).toMatchObject({ scale: 'csat', question: '', retries: 1, saveAs: 'calificacion' });
    expect(survey.ports(csat).map((p) => [p.id, p.required])).toEqual([
      ['answered', true],
      ['invalid', false],
      ['no_response', false],
    ]);
    expect(survey.waits(csat)).toBe(true);
    expect(survey.defines(nps)).toEqual([{ port: 'answered', variables: ['vars.nps'] }]);
    expect(survey.summary(csat, 'es-AR')).toBe('Satisfacción 1–5 → vars.calificacion');
    expect(survey.summary(nps, 'en')).toBe('Recommendation (NPS) 0–10 → vars.nps');
  });

  it('on a call, gathers one key for CSAT and records the score in the background', async () => {
    const ctx = onCall([{ digits: '4' }]);
    expect(await surveyRunner.run(csat, ctx)).toEqual({ port: 'answered', set: { 'vars.calificacion': 4 } });
    expect(ctx.turns[0]).toMatchObject([
      {
        type: 'gather',
        input: ['dtmf', 'speech'],
        numDigits: 1,
        prompt: [{ type: 'say', text: DEFAULT_QUESTIONS.csat }],
        hints: ['uno', 'dos', 'tres', 'cuatro', 'cinco'],
      },
    ]);
    await ctx.settle();
    expect(ctx.calls).toEqual([
      {
        via: 'activities',
        name: 'recordSurvey',
        args: {
          organizationId: 'org-1',
          executionId: 'exec-1',
          stepId: 'node_1',
          scale: 'csat',
          score: 4,
          citizenId: 'cit-1',
        },
      },
    ]);
  });

  it('on a call, gathers two keys ending in # for NPS and understands spoken words for CSAT', async () => {
    const npsCall = onCall([{ digits: '10' }]);
    expect(await surveyRunner.run(nps, npsCall)).toEqual({ port: 'answered', set: { 'vars.nps': 10 } });
    expect(npsCall.turns[0]?.[0]).toMatchObject({ type: 'gather', numDigits: 2, finishOnKey: '#' });
    const spoken = onCall([{ speech: 'le pongo un cinco' }]);
    expect(await surveyRunner.run(csat, spoken)).toEqual({
      port: 'answered',
      set: { 'vars.calificacion': 5 },
    });
  });

  it('on a call, retries an invalid answer, then follows invalid or no_response', async () => {
    const invalid = onCall([{ digits: '9' }, { speech: 'excelente' }]);
    expect(await surveyRunner.run(csat, invalid)).toEqual({ port: 'invalid' });
    expect(invalid.turns).toHaveLength(2);
    expect(invalid.turns[1]?.[0]).toMatchObject({ type: 'say', text: 'No entendimos tu respuesta.' });
    const silent = onCall([{}, {}]);
    expect(await surveyRunner.run(csat, silent)).toEqual({ port: 'no_response' });
    await silent.settle();
    expect(silent.calls).toEqual([]);
  });

  it('by message, sends the question on the conversation channel and reads the reply', async () => {
    const ctx = onMessages([reply('Un 5, gracias')]);
    const config = { ...csat, timeoutMinutes: 30 };
    expect(await surveyRunner.run(config, ctx)).toEqual({
      port: 'answered',
      set: { 'vars.calificacion': 5 },
    });
    expect(ctx.messageWaits).toEqual([30 * 60_000]);
    await ctx.settle();
    expect(ctx.calls.map((c) => c.name)).toEqual(['sendMessage', 'recordSurvey']);
    expect(ctx.calls[0]?.args).toMatchObject({
      channel: 'whatsapp',
      to: '+5493425111111',
      body: DEFAULT_QUESTIONS.csat,
      idempotencyKey: 'exec-1:node_1:0',
    });
  });

  it('by message, asks again after an invalid reply with a new message, then follows invalid', async () => {
    const ctx = onMessages([reply('muy bien'), reply('8')]);
    expect(await surveyRunner.run({ ...csat, question: '¿Del 1 al 5?' }, ctx)).toEqual({ port: 'invalid' });
    expect(ctx.calls.map((c) => c.args)).toMatchObject([
      { body: '¿Del 1 al 5?', idempotencyKey: 'exec-1:node_1:0' },
      { body: 'No entendimos tu respuesta. ¿Del 1 al 5?', idempotencyKey: 'exec-1:node_1:0:retry1' },
    ]);
  });

  it('by message, follows no_response on a timeout or when the question cannot be sent', async () => {
    expect(await surveyRunner.run(csat, onMessages([null]))).toEqual({ port: 'no_response' });
    const optedOut = onMessages([reply('5')], async () => ({ status: 'skipped_opt_out', messageId: '' }));
    expect(await surveyRunner.run(csat, optedOut)).toEqual({ port: 'no_response' });
    expect(optedOut.messageWaits).toEqual([]);
    const campaign = testStepContext({
      input: { channel: 'campaign' },
      scope: { contact: { phone: '+5493425111111' } },
      messages: [reply('3')],
      activities: {
        sendMessage: async () => {
          throw new Error('Twilio down');
        },
      },
    });
    expect(await surveyRunner.run(csat, campaign)).toEqual({
      port: 'no_response',
      set: { 'vars.last_error': 'Twilio down' },
    });
    expect(campaign.calls[0]?.args).toMatchObject({ channel: 'sms', to: '+5493425111111' });
  });

  it('compiles in a voice flow and in a message flow', () => {
    for (const trigger of ['trigger_incoming_call', 'trigger_incoming_message']) {
      const result = compileChain({
        trigger: { kind: trigger },
        chain: [{ kind: 'survey', config: { scale: 'nps' } }],
      });
      expect(result.problems).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });
});
