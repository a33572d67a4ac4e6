import { describe, expect, it } from 'vitest';
import type { VoiceInstruction, VoiceTurnResult } from '@/lib/contracts/execution';
import { checkVoiceTwiml, verbsOf } from '@/server/services/calls/twiml-check';
import { emptyTwiml, renderTwiml, sayAndHangUp, sayAndRedirect } from './twiml';

const ACTION = 'https://cauce.example.gob.ar/api/twilio/gather?seq=3';
const say = (text: string): VoiceInstruction => ({
  type: 'say',
  text,
  voice: 'Polly.Mia-Neural',
  language: 'es-MX',
});
const turn = (instructions: VoiceInstruction[], ended = false): VoiceTurnResult => ({
  instructions,
  ended,
  activeStepId: 'x',
});
const render = (instructions: VoiceInstruction[], ended = false) =>
  renderTwiml(turn(instructions, ended), { actionUrl: ACTION });

describe('renderTwiml: engine turns as TwiML that follows the rules', () => {
  it('renders say and a menu gather with its nested prompt, action URL and attributes', () => {
    const xml = render([
      say('Bienvenido al Ministerio de Salud.'),
      {
        type: 'gather',
        input: ['dtmf', 'speech'],
        timeoutSeconds: 6,
        numDigits: 1,
        hints: ['Turnos', 'vacuna, gripe'],
        language: 'es-MX',
        prompt: [say('Para turnos marcá 1.'), { type: 'play', url: 'https://cdn.example/musica.mp3' }],
        options: [{ key: '1', label: 'Turnos' }],
      },
    ]);
    expect(checkVoiceTwiml(xml)).toEqual([]);
    const [welcome, gather, ...rest] = verbsOf(xml);
    expect(rest).toEqual([]);
    expect(welcome).toMatchObject({
      name: 'Say',
      attributes: { voice: 'Polly.Mia-Neural', language: 'es-MX' },
      text: 'Bienvenido al Ministerio de Salud.',
    });
    expect(gather?.name).toBe('Gather');
    expect(gather?.attributes).toEqual({
      input: 'dtmf speech',
      action: ACTION,
      method: 'POST',
      actionOnEmptyResult: 'true',
      timeout: '6',
      language: 'es-MX',
      numDigits: '1',
      hints: 'Turnos,vacuna  gripe',
    });
    expect(gather?.children.map((c) => c.name)).toEqual(['Say', 'Play']);
    // The action URL's query survives XML escaping.
    expect(xml).toContain('gather?seq=3');
  });

  it('renders a digits gather (finishOnKey, no hints for DTMF only) and record with a fallback redirect', () => {
    const digits = render([
      {
        type: 'gather',
        input: ['dtmf'],
        timeoutSeconds: 8,
        numDigits: 8,
        finishOnKey: '#',
        hints: ['no se usa'],
        language: 'es-AR',
        prompt: [say('Ingresá tu DNI y numeral.')],
        options: [],
      },
    ]);
    expect(checkVoiceTwiml(digits)).toEqual([]);
    expect(verbsOf(digits)[0]?.attributes).toMatchObject({
      finishOnKey: '#',
      numDigits: '8',
      language: 'es-AR',
    });
    expect(verbsOf(digits)[0]?.attributes.hints).toBeUndefined();

    const rec = render([
      say('Dejá tu mensaje.'),
      { type: 'record', maxLengthSeconds: 90, finishOnKey: '#', playBeep: true },
    ]);
    expect(checkVoiceTwiml(rec)).toEqual([]);
    expect(verbsOf(rec).map((v) => v.name)).toEqual(['Say', 'Record', 'Redirect']);
    expect(verbsOf(rec)[1]?.attributes).toEqual({
      action: ACTION,
      method: 'POST',
      maxLength: '90',
      finishOnKey: '#',
      playBeep: 'true',
    });
    expect(verbsOf(rec)[2]?.text).toBe(ACTION);
  });

  it('renders enqueue (queue of one named by the work item) and dial with their action URLs', () => {
    const queued = render([
      {
        type: 'enqueue',
        queueId: 'q-1',
        workItemId: '6f1c1a56-2f7e-4f55-9a1f-9b0d54b1c0aa',
        holdMessage: 'Aguardá, te atiende un operador.',
        waitUrl: 'https://cauce.example.gob.ar/espera.xml',
      },
    ]);
    expect(checkVoiceTwiml(queued)).toEqual([]);
    const [hold, enqueue] = verbsOf(queued);
    expect(hold?.text).toBe('Aguardá, te atiende un operador.');
    expect(enqueue).toMatchObject({
      name: 'Enqueue',
      text: '6f1c1a56-2f7e-4f55-9a1f-9b0d54b1c0aa',
      attributes: { action: ACTION, method: 'POST', waitUrl: 'https://cauce.example.gob.ar/espera.xml' },
    });
    const byQueue = render([{ type: 'enqueue', queueId: 'q-1', workItemId: '', holdMessage: '' }]);
    expect(checkVoiceTwiml(byQueue)).toEqual([]);
    expect(verbsOf(byQueue).map((v) => [v.name, v.text])).toEqual([['Enqueue', 'q-1']]);

    const dial = render([
      { type: 'dial', number: '+543424000001', timeoutSeconds: 25, callerId: '+543424000000' },
    ]);
    expect(checkVoiceTwiml(dial)).toEqual([]);
    expect(verbsOf(dial)[0]).toMatchObject({
      name: 'Dial',
      text: '+543424000001',
      attributes: { action: ACTION, method: 'POST', timeout: '25', callerId: '+543424000000' },
    });
  });

  it('ends in control: a hangup ends the document, a turn without a prompt hangs up, nothing follows a prompt', () => {
    const bye = render([say('¡Gracias!'), { type: 'hangup' }, say('nunca')], true);
    expect(checkVoiceTwiml(bye)).toEqual([]);
    expect(verbsOf(bye).map((v) => v.name)).toEqual(['Say', 'Hangup']);

    const dangling = render([say('Solo un aviso.')]);
    expect(checkVoiceTwiml(dangling)).toEqual([]);
    expect(verbsOf(dangling).map((v) => v.name)).toEqual(['Say', 'Hangup']);

    expect(verbsOf(render([], true)).map((v) => v.name)).toEqual(['Hangup']);
    // A template that rendered to nothing is skipped: an empty <Say> is an error for Twilio.
    const blank = render([say('  '), say('Hola')]);
    expect(checkVoiceTwiml(blank)).toEqual([]);
    expect(verbsOf(blank).map((v) => [v.name, v.text])).toEqual([
      ['Say', 'Hola'],
      ['Hangup', ''],
    ]);

    const unreachable = render([
      { type: 'dial', number: '+543424000001', timeoutSeconds: 20 },
      say('después del dial'),
    ]);
    expect(verbsOf(unreachable).map((v) => v.name)).toEqual(['Dial']);
  });

  it('falls back to a Spanish voice Twilio offers for an unknown voice or language', () => {
    const xml = render([{ type: 'say', text: 'Hola', voice: 'Robot.Raro', language: 'xx-YY' }]);
    expect(checkVoiceTwiml(xml)).toEqual([]);
    expect(verbsOf(xml)[0]?.attributes).toEqual({ voice: 'Polly.Mia-Neural', language: 'es-MX' });
  });

  it('writes the fixed answers: apology and redirect, message and hang-up, empty', () => {
    expect(checkVoiceTwiml(sayAndRedirect('Un momento.', ACTION))).toEqual([]);
    expect(verbsOf(sayAndRedirect('Un momento.', ACTION))[1]).toMatchObject({
      name: 'Redirect',
      attributes: { method: 'POST' },
      text: ACTION,
    });
    expect(checkVoiceTwiml(sayAndHangUp('Chau & gracias <3'))).toEqual([]);
    expect(verbsOf(sayAndHangUp('Chau & gracias <3'))[0]?.text).toBe('Chau & gracias <3');
    expect(checkVoiceTwiml(emptyTwiml())).toEqual([]);
  });
});

describe('checkVoiceTwiml: the checker rejects what Twilio rejects', () => {
  const doc = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;

  it('flags wrong nesting, unknown verbs and attributes, bad values and content', () => {
    expect(
      checkVoiceTwiml(doc(`<Gather action="${'https://a.b/c'}"><Dial>+543424000001</Dial></Gather>`)),
    ).toContain('<Dial> cannot be nested in <Gather>');
    expect(checkVoiceTwiml(doc('<Speak>hola</Speak><Hangup/>'))).toContain(
      '<Speak> is not a voice verb (in <Response>)',
    );
    expect(checkVoiceTwiml(doc('<Say colour="red">hola</Say><Hangup/>'))).toContain(
      '<Say> has no attribute colour',
    );
    expect(checkVoiceTwiml(doc('<Gather action="https://a.b/c" input="keys"/>'))).toContain(
      '<Gather input="keys"> is not a valid value',
    );
    expect(checkVoiceTwiml(doc('<Dial action="https://a.b/c">3424000001</Dial>'))).toContain(
      '<Dial> has invalid content "3424000001"',
    );
    expect(checkVoiceTwiml(doc('<Hangup>ya</Hangup>'))).toContain('<Hangup> must be empty');
    expect(checkVoiceTwiml(doc('<Gather action="relative/url"/>'))).toContain(
      '<Gather action="relative/url"> is not a valid value',
    );
  });

  it('flags documents that do not end in control, unreachable verbs, and malformed XML', () => {
    expect(checkVoiceTwiml(doc('<Say>hola</Say>'))).toContain(
      'the document ends with <Say>, which neither hangs up nor hands the call back',
    );
    expect(checkVoiceTwiml(doc('<Gather input="dtmf"/>'))).toHaveLength(1);
    expect(checkVoiceTwiml(doc('<Hangup/><Say>hola</Say>'))).toContain(
      '<Hangup> is followed by unreachable verbs',
    );
    expect(checkVoiceTwiml(doc('<Say>hola</Hangup>'))[0]).toMatch(/not well-formed/);
    expect(checkVoiceTwiml('<Response><Hangup/></Response>')).toEqual(['missing XML declaration']);
  });
});
