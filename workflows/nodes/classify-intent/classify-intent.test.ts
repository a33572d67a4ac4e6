import { describe, expect, it } from 'vitest';
import { compileSingleNode } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { classifyIntent } from './definition';
import { classifyIntentRunner } from './run';

const config = classifyIntent.schema.parse({
  intents: [
    {
      id: 'turnos',
      label: 'Turnos',
      examples: ['quiero sacar un turno para vacunarme', 'turno para la vacuna'],
    },
    {
      id: 'reclamo',
      label: 'Reclamos',
      examples: ['se cayó un poste de luz', 'reclamo por alumbrado público'],
    },
  ],
});

function validate(c: typeof config) {
  return (
    classifyIntent.validate?.(c, {
      nodeId: 'ci',
      resources: {
        flowId: 'f',
        queues: new Set(),
        areas: new Set(),
        schedules: new Set(),
        flows: new Map(),
        allowedHosts: null,
        secrets: null,
      },
      triggerKind: null,
    }) ?? []
  ).map((p) => [p.code, p.field]);
}

describe('classify_intent definition', () => {
  it('defaults to the incoming message and asks for intents', () => {
    const c = classifyIntent.schema.parse({});
    // Empty text classifies the message being answered (message.body), with no reference to check.
    expect(c).toEqual({ text: '', intents: [], threshold: 0.35 });
    expect(classifyIntent.ports(c).map((p) => p.id)).toEqual(['unknown']);
    expect(validate(c)).toEqual([['INVALID_CONFIG', 'intents']]);
    expect(classifyIntent.summary(c, 'es-AR')).toBe('Sin intenciones');
    expect(classifyIntent.references(c)).toEqual([]);
    expect(classifyIntent.references({ ...c, text: '{{message.body}}' })).toEqual([
      { field: 'text', paths: ['message.body'] },
    ]);
  });

  it('has one port per intent plus unknown, and defines intent and score everywhere', () => {
    expect(classifyIntent.ports(config).map((p) => [p.id, p.label['es-AR']])).toEqual([
      ['intent_turnos', 'Turnos'],
      ['intent_reclamo', 'Reclamos'],
      ['unknown', 'No entendido'],
    ]);
    expect(classifyIntent.defines(config)).toEqual([
      { port: '*', variables: ['vars.intent', 'vars.intent_score'] },
    ]);
    expect(classifyIntent.summary(config, 'en')).toBe('Turnos · Reclamos');
  });

  it('reports duplicate ids and intents without examples', () => {
    const c = classifyIntent.schema.parse({
      intents: [
        { id: 'a', label: 'A', examples: ['uno'] },
        { id: 'a', label: 'Otra A', examples: [] },
      ],
    });
    expect(validate(c)).toEqual([
      ['INVALID_CONFIG', 'intents'],
      ['INVALID_CONFIG', 'intents.1.examples'],
    ]);
    expect(classifyIntent.schema.safeParse({ threshold: 1.5 }).success).toBe(false);
  });
});

describe('classify_intent runner', () => {
  it('follows the matching intent and stores it with its score', async () => {
    const ctx = testStepContext({ scope: { message: { body: 'Quiero sacar turno para la vacuna' } } });
    const result = await classifyIntentRunner.run(config, ctx);
    expect(result.port).toBe('intent_turnos');
    expect(result.set?.['vars.intent']).toBe('turnos');
    expect(result.set?.['vars.intent_score']).toBeGreaterThanOrEqual(0.35);
  });

  it('renders its text template', async () => {
    const ctx = testStepContext({ scope: { vars: { dicho: 'hay un poste de luz roto en mi cuadra' } } });
    const result = await classifyIntentRunner.run({ ...config, text: '{{vars.dicho}}' }, ctx);
    expect(result.port).toBe('intent_reclamo');
  });

  it('follows unknown for an unrelated text, with an empty intent', async () => {
    const ctx = testStepContext({ scope: { message: { body: 'me gusta el fútbol' } } });
    const result = await classifyIntentRunner.run(config, ctx);
    expect(result.port).toBe('unknown');
    expect(result.set?.['vars.intent']).toBe('');
    expect(result.set?.['vars.intent_score']).toBeLessThan(0.35);
  });
});

describe('classify_intent compile', () => {
  it('compiles with every intent and unknown connected', () => {
    const result = compileSingleNode({
      kind: 'classify_intent',
      config: { ...config, text: '{{input.texto}}' },
      apiFields: ['texto'],
    });
    expect(result.problems).toEqual([]);
    expect(Object.keys(result.program?.steps.node_1?.next ?? {})).toEqual([
      'intent_turnos',
      'intent_reclamo',
      'unknown',
    ]);
  });

  it('asks which text to classify in an API flow, where there is no message to default to', () => {
    const result = compileSingleNode({ kind: 'classify_intent', config: { intents: config.intents } });
    expect(result.problems.map((p) => [p.code, p.field, p.message.en])).toEqual([
      [
        'INVALID_CONFIG',
        'text',
        'Write which text to classify: on a call, the variable where a speech menu saved the answer (for example vars.answer).',
      ],
    ]);
  });
});
