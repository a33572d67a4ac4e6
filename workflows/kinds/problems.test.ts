import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../lib/i18n/format-message';
import en from '../../lib/i18n/problems/en.json';
import esAR from '../../lib/i18n/problems/es-AR.json';
import { compileSingleNode } from '../testing/compile-fixture';
import { NODE_DEFINITIONS } from './registry';

/** The problems a node with these settings gets, as [field, es-AR, en]. */
function settingsProblems(kind: string, config: Record<string, unknown>) {
  return compileSingleNode({ kind, config })
    .problems.filter((p) => p.nodeId === 'node_1' && p.code === 'INVALID_CONFIG')
    .map((p) => [p.field ?? '', p.message['es-AR'], p.message.en]);
}

const text = (section: 'config' | 'invalid', key: string, params = {}) => {
  const es: Record<string, string> = esAR[section];
  const english: Record<string, string> = en[section];
  return [formatMessage(es[key] ?? '', params, 'es-AR'), formatMessage(english[key] ?? '', params, 'en')];
};

describe('settings problems', () => {
  it("name the field and say what to change, in each language, from the node kind's own key", () => {
    expect(settingsProblems('say', { text: '  ' })).toEqual([['text', ...text('invalid', 'textOrAudio')]]);
    expect(settingsProblems('end', { outcome: 'Mal Escrito' })).toEqual([
      ['outcome', ...text('invalid', 'slug', { max: 40, example: 'turno_confirmado' })],
    ]);
    expect(settingsProblems('gather', { prompt: 'Marcá 1', saveAs: 'Mi Variable' })).toContainEqual([
      'saveAs',
      ...text('invalid', 'variableName'),
    ]);
  });

  it('turn zod issues into the limit that was crossed', () => {
    expect(settingsProblems('gather', { prompt: '' })).toContainEqual([
      'prompt',
      ...text('config', 'required'),
    ]);
    expect(settingsProblems('gather', { prompt: 'x'.repeat(4001) })).toContainEqual([
      'prompt',
      ...text('config', 'stringTooLong', { maximum: 4000 }),
    ]);
    expect(settingsProblems('gather', { prompt: 'Hola', retries: 9 })).toContainEqual([
      'retries',
      ...text('config', 'numberAtMost', { maximum: 5 }),
    ]);
    expect(settingsProblems('gather', { prompt: 'Hola', mode: 'otro' })).toContainEqual([
      'mode',
      ...text('config', 'notAnOption', { options: 'menu, collect' }),
    ]);
    expect(settingsProblems('gather', { prompt: 'Hola', timeoutSeconds: 'diez' })).toContainEqual([
      'timeoutSeconds',
      ...text('config', 'wrongType', { expected: 'number' }),
    ]);
    // A union reports the branch the value was meant for: a version number below 1.
    expect(settingsProblems('subflow', { flowId: 'f', version: 0 })).toContainEqual([
      'version',
      ...text('config', 'numberAtLeast', { minimum: 1 }),
    ]);
  });

  it('never show zod’s English or an unfilled placeholder, whatever the settings', () => {
    const kinds = NODE_DEFINITIONS.map((d) => d.kind);
    const junk = fc.oneof(
      fc.string({ maxLength: 5 }),
      fc.integer({ min: -5, max: 100_000 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.record({ id: fc.string(), key: fc.string() })), {
        maxLength: 3,
      }),
    );
    const fields = ['text', 'prompt', 'options', 'outcome', 'number', 'callerId', 'time', 'cases', 'intents'];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.dictionary(fc.constantFrom(...fields), junk),
        (kind, config) => {
          for (const [, es, english] of settingsProblems(kind, config)) {
            for (const message of [es, english]) {
              expect(message).not.toMatch(/\{\w+|Invalid input|Too (small|big)|expected| \/ /);
            }
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
