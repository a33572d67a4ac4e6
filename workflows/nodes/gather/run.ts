import type { VoiceInput } from '../../../lib/contracts/execution';
import { defineRunner } from '../../engine/step-context';
import { voiceLanguage } from '../shared';
import { gather } from './definition';

const SPOKEN_DIGITS: Record<string, string> = {
  cero: '0',
  uno: '1',
  una: '1',
  dos: '2',
  tres: '3',
  cuatro: '4',
  cinco: '5',
  seis: '6',
  siete: '7',
  ocho: '8',
  nueve: '9',
};

function normalize(s: string): string {
  return s
    .toLocaleLowerCase('es-AR')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[^\p{L}\p{N}\s*#]/gu, ' ')
    .trim();
}

/** Digits typed or spoken ("tres", "3"), else an option whose phrase was said. */
function chooseOption(
  answer: VoiceInput,
  options: { key: string; phrases: string[]; label: string }[],
): string | null {
  if (answer.digits) return options.find((o) => o.key === answer.digits?.slice(0, 1))?.key ?? null;
  if (!answer.speech) return null;
  const said = normalize(answer.speech);
  const words = said.split(/\s+/);
  for (const w of words) {
    const digit = SPOKEN_DIGITS[w] ?? (/^\d$/.test(w) ? w : null);
    const byDigit = digit ? options.find((o) => o.key === digit) : undefined;
    if (byDigit) return byDigit.key;
  }
  const byPhrase = options.find((o) => [o.label, ...o.phrases].some((p) => said.includes(normalize(p))));
  return byPhrase?.key ?? null;
}

function collected(answer: VoiceInput): string {
  if (answer.digits) return answer.digits;
  return (answer.speech ?? '')
    .split(/\s+/)
    .map((w) => SPOKEN_DIGITS[normalize(w)] ?? w.replace(/\D/g, ''))
    .join('');
}

export const gatherRunner = defineRunner(gather, async (c, ctx) => {
  const language = voiceLanguage(c.voice);
  const input: ('dtmf' | 'speech')[] = c.input === 'both' ? ['dtmf', 'speech'] : [c.input];
  let lastFailure: 'no_input' | 'invalid' = 'no_input';
  for (let attempt = 0; attempt <= c.retries; attempt++) {
    if (attempt > 0) {
      const notice = lastFailure === 'invalid' ? c.invalidMessage : c.noInputMessage;
      if (notice) ctx.voice.emit({ type: 'say', text: ctx.render(notice), voice: c.voice, language });
    }
    const answer = await ctx.voice.ask({
      type: 'gather',
      input,
      timeoutSeconds: c.timeoutSeconds,
      ...(c.mode === 'menu' ? { numDigits: 1 } : { numDigits: c.maxDigits, finishOnKey: '#' }),
      hints: c.options.flatMap((o) => [o.label, ...o.phrases]),
      language,
      prompt: [{ type: 'say', text: ctx.render(c.prompt), voice: c.voice, language }],
      options: c.options.map((o) => ({ key: o.key, label: o.label })),
    });
    const empty = !answer.digits && !answer.speech;
    if (empty) {
      lastFailure = 'no_input';
      continue;
    }
    if (c.mode === 'menu') {
      const key = chooseOption(answer, c.options);
      if (key !== null) return { port: `opt_${key}`, set: c.saveAs ? { [`vars.${c.saveAs}`]: key } : {} };
      lastFailure = 'invalid';
      continue;
    }
    const value = collected(answer);
    if (value && (!c.pattern || new RegExp(c.pattern).test(value))) {
      return { port: 'collected', set: c.saveAs ? { [`vars.${c.saveAs}`]: value } : {} };
    }
    lastFailure = 'invalid';
  }
  return { port: lastFailure };
});
