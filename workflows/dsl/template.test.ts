import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILTER_NAMES } from './filters';
import { renderTemplate, type Scope, TemplateError, templateIssues } from './template';

const scope: Scope = { input: { monto: '1500.5', nombre: 'ana', fecha: '2026-03-10' }, vars: {} };
const render = (source: string) =>
  renderTemplate(source, scope, { timeZone: 'America/Argentina/Buenos_Aires' });

describe('template filters', () => {
  it('format with the arguments the compiler accepts', () => {
    expect(render('{{input.monto | numero:2}}')).toBe('1.500,50');
    expect(render('{{input.monto | moneda:"USD"}}')).toMatch(/US\$\s1\.500,50/);
    expect(render('{{input.nombre | mayusculas}}')).toBe('ANA');
    expect(render('{{input.falta | default:"sin dato"}}')).toBe('sin dato');
    expect(render('{{input.fecha | fecha}}')).toBe('10/3/26');
    for (const source of [
      '{{input.monto | numero}}',
      '{{input.monto | numero:0}}',
      '{{input.monto|numero:"6"}}',
      '{{input.monto | moneda}}',
      '{{input.monto | moneda:ars}}',
      '{{input.fecha | fecha_larga}}',
      '{{input.x | default:"a|b: c"}}',
    ])
      expect(templateIssues(source)).toEqual([]);
  });

  it('report an unknown filter and an argument the filter cannot use, placeholder by placeholder', () => {
    expect(templateIssues('Hola {{input.x|xyz}} y {{input.y | moneda:"XX"}}')).toEqual([
      { kind: 'unknown_filter', filter: 'xyz' },
      { kind: 'bad_filter_argument', filter: 'moneda', argument: 'XX', allowed: 'currency' },
    ]);
    expect(templateIssues('{{input.x | numero:9}}{{input.x | numero:-1}}{{input.x | numero:1.5}}')).toEqual(
      ['9', '-1', '1.5'].map((argument) => ({
        kind: 'bad_filter_argument',
        filter: 'numero',
        argument,
        allowed: 'decimals',
      })),
    );
    expect(templateIssues('{{input.x | fecha:"dd/MM"}}')).toEqual([
      { kind: 'bad_filter_argument', filter: 'fecha', argument: 'dd/MM', allowed: 'none' },
    ]);
    // A well-formed code Intl does not know is not a currency either.
    expect(templateIssues('{{input.x | moneda:QQQ}}')).toHaveLength(1);
  });

  it('throw a TemplateError, never Intl’s RangeError, when a filter cannot format its value', () => {
    expect(() => render('{{input.monto | moneda:"XX"}}')).toThrow(TemplateError);
    expect(() => render('{{input.monto | moneda:"XX"}}')).toThrow(/filter "moneda:XX" failed/);
  });

  it('render whatever they are given: a template the compiler accepts never throws, any other throws only a TemplateError', () => {
    const argument = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('2', '0', '6', '9', '-1', 'ARS', 'usd', 'XX', 'QQQ', '€', 'dd/MM', '"x"', ''),
      fc.string({ maxLength: 4 }),
    );
    const filter = fc.record({
      name: fc.oneof(fc.constantFrom(...FILTER_NAMES), fc.constantFrom('xyz', 'Fecha', '', 'moneda ')),
      argument,
    });
    const placeholder = fc.record({
      path: fc.constantFrom('input.monto', 'input.nombre', 'input.fecha', 'vars.nada', 'input.monto.x'),
      filters: fc.array(filter, { maxLength: 3 }),
    });
    const value = fc.oneof(fc.string({ maxLength: 6 }), fc.double(), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(placeholder, { minLength: 1, maxLength: 3 }), value, (parts, monto) => {
        const source = parts
          .map(
            (p) =>
              `{{${[p.path, ...p.filters.map((f) => (f.argument === undefined ? f.name : `${f.name}:${f.argument}`))].join(' | ')}}}`,
          )
          .join(' ');
        const run = () =>
          renderTemplate(
            source,
            { input: { monto, nombre: 'Ana', fecha: '2026-03-10' } },
            { timeZone: 'UTC' },
          );
        if (templateIssues(source).length === 0) expect(typeof run()).toBe('string');
        else {
          try {
            expect(typeof run()).toBe('string');
          } catch (err) {
            expect(err).toBeInstanceOf(TemplateError);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
