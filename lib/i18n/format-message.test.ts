import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { formatMessage, type MessageParams } from './format-message';
import en from './problems/en.json';
import esAR from './problems/es-AR.json';

/** Params that exercise every branch: the same names the compiler passes, in numbers and texts. */
const SAMPLES: MessageParams[] = [
  {},
  { count: 2, kind: 'raro', id: 'n1', port: 'Siguiente', variable: 'vars.dni', version: 7, host: 'x.gob.ar' },
  { trigger: 'Llamada entrante', detail: 'boom', expected: 'number', minimum: 1, maximum: 1, divisor: 5 },
  { expected: 'int', minimum: 12, maximum: 4000, options: 'dtmf, speech', max: 30, example: 'no_contesta' },
  { expected: 'whatever', minimum: 0, maximum: 1000, label: 'Turnos' },
];

function flatten(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : flatten(v, `${prefix}${k}.`),
  );
}

describe('formatMessage', () => {
  for (const [locale, catalog] of [
    ['es-AR', esAR],
    ['en', en],
  ] as const) {
    it(`formats every ${locale} problem message as next-intl does`, () => {
      for (const [key, message] of flatten(catalog)) {
        for (const params of SAMPLES) {
          const placeholders = [...message.matchAll(/\{(\w+)/g)].map((m) => m[1] ?? '');
          // next-intl throws on a missing param; the compiler always passes the ones a message names.
          if (!placeholders.every((p) => p in params)) continue;
          const t = createTranslator({ locale, messages: { message } });
          expect(formatMessage(message, params, locale), key).toBe(t('message', params));
        }
      }
    });
  }

  it('has the same keys in both languages', () => {
    expect(flatten(en).map(([k]) => k)).toEqual(flatten(esAR).map(([k]) => k));
  });

  it('quotes as ICU does and leaves an unknown param visible', () => {
    expect(
      formatMessage("It's '{literal}' and {n, plural, one {# item} other {# items}}", { n: 3 }, 'en'),
    ).toBe("It's {literal} and 3 items");
    expect(formatMessage('{n, plural, =0 {none} one {#} other {#}}', { n: 0 }, 'en')).toBe('none');
    expect(formatMessage('Hola {name}', {}, 'es-AR')).toBe('Hola {name}');
    expect(formatMessage('{k, select, a {A} other {O}}', { k: 'b' }, 'es-AR')).toBe('O');
  });
});
