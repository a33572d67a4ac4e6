import type { z } from 'zod';
import type { MessageChannel } from '../../../lib/contracts/engine-activities';
import type { StepResult } from '../../../lib/contracts/execution';
import { lookup, type Scope } from '../../dsl/template';
import { defineRunner, type StepContext } from '../../engine/step-context';
import { MINUTE, voiceLanguage } from '../shared';
import { questionOf, survey } from './definition';
import { parseScore, SCALE_RANGE } from './parse-score';

type Config = z.output<typeof survey.schema>;
type Failure = 'no_response' | 'invalid';

export const surveyRunner = defineRunner(survey, async (c, ctx) => {
  const score = ctx.voice.active ? await askByVoice(c, ctx) : await askByMessage(c, ctx);
  if (typeof score !== 'number') return score;
  const citizenId = lookup(ctx.scope(), 'contact.id');
  // Recording must not hold up the caller's next prompt; the execution waits for it before it ends.
  ctx.background(() =>
    ctx.activities.recordSurvey({
      organizationId: ctx.input.organizationId,
      executionId: ctx.input.executionId,
      stepId: ctx.stepId,
      scale: c.scale,
      score,
      citizenId: typeof citizenId === 'string' && citizenId ? citizenId : null,
    }),
  );
  return { port: 'answered', set: { [`vars.${c.saveAs}`]: score } };
});

async function askByVoice(c: Config, ctx: StepContext): Promise<number | StepResult> {
  const language = voiceLanguage(c.voice);
  const range = SCALE_RANGE[c.scale];
  let failure: Failure = 'no_response';
  for (let attempt = 0; attempt <= c.retries; attempt++) {
    if (attempt > 0 && failure === 'invalid' && c.invalidMessage) {
      ctx.voice.emit({ type: 'say', text: ctx.render(c.invalidMessage), voice: c.voice, language });
    }
    const answer = await ctx.voice.ask({
      type: 'gather',
      input: ['dtmf', 'speech'],
      timeoutSeconds: c.timeoutSeconds,
      // NPS needs two keys for 10: '#' ends a one-digit answer early.
      ...(c.scale === 'csat' ? { numDigits: 1 } : { numDigits: 2, finishOnKey: '#' }),
      hints: scaleWords(range.min, range.max),
      language,
      prompt: [{ type: 'say', text: ctx.render(questionOf(c)), voice: c.voice, language }],
      options: [],
    });
    const said = answer.digits || answer.speech || '';
    if (!said.trim()) {
      failure = 'no_response';
      continue;
    }
    const score = parseScore(said, c.scale);
    if (score !== null) return score;
    failure = 'invalid';
  }
  return { port: failure };
}

async function askByMessage(c: Config, ctx: StepContext): Promise<number | StepResult> {
  const channel = messageChannel(c.messageChannel, ctx.input.channel);
  const to = (c.to.trim() ? ctx.render(c.to) : replyAddress(ctx.scope())).trim();
  if (!to) return { port: 'no_response', set: { 'vars.last_error': 'no recipient' } };
  for (let attempt = 0; attempt <= c.retries; attempt++) {
    const question = ctx.render(questionOf(c));
    const body = attempt === 0 ? question : `${ctx.render(c.invalidMessage)} ${question}`.trim();
    const sent = await ctx.attempt(() =>
      ctx.activities.sendMessage({
        organizationId: ctx.input.organizationId,
        executionId: ctx.input.executionId,
        stepId: ctx.stepId,
        // Each retry is a new message; a retried activity of the same one is not.
        idempotencyKey: attempt === 0 ? ctx.idempotencyKey() : `${ctx.idempotencyKey()}:retry${attempt}`,
        channel,
        to,
        body,
        test: ctx.input.test ?? false,
      }),
    );
    if (!sent.ok) return { port: 'no_response', set: { 'vars.last_error': sent.error } };
    if (sent.value.status === 'skipped_opt_out') return { port: 'no_response' };
    const reply = await ctx.waitForMessage(c.timeoutMinutes * MINUTE);
    if (!reply) return { port: 'no_response' };
    const score = parseScore(reply.body, c.scale);
    if (score !== null) return score;
  }
  return { port: 'invalid' };
}

function messageChannel(choice: 'auto' | 'sms' | 'whatsapp', inputChannel: string): MessageChannel {
  if (choice !== 'auto') return choice;
  return inputChannel === 'whatsapp' ? 'whatsapp' : 'sms';
}

/** Whoever wrote to the flow, else the contact's phone. */
function replyAddress(scope: Scope): string {
  for (const path of ['message.from', 'contact.phone', 'call.from']) {
    const v = lookup(scope, path);
    if (typeof v === 'string' && v.trim()) return v;
  }
  return '';
}

const SPOKEN = ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez'];

function scaleWords(min: number, max: number): string[] {
  return SPOKEN.slice(min, max + 1);
}
