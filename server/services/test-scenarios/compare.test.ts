import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { differenceMessage, nodeLabel } from '@/lib/test-scenarios/difference-text';
import type { ScenarioDifference } from '@/lib/test-scenarios/types';
import en from '@/server/i18n/messages/en.json';
import esAR from '@/server/i18n/messages/es-AR.json';
import { compareRun, sameValue } from './compare';

const actual = (over: Partial<Parameters<typeof compareRun>[1]> = {}) => ({
  path: ['inicio', 'horario', 'menu', 'dni', 'chau'],
  outcome: 'next',
  variables: { vars: { opcion: '1', dni: '30123456', intentos: 2 } },
  messages: ['Tu turno es el lunes.'],
  ...over,
});

describe('compareRun', () => {
  it('passes when the run took the same path and matches every ticked check', () => {
    expect(
      compareRun(
        {
          path: ['inicio', 'horario', 'menu', 'dni', 'chau'],
          outcome: 'next',
          variables: { 'vars.opcion': '1', 'vars.intentos': 2 },
          messages: ['Tu turno es el lunes. '],
        },
        actual(),
      ),
    ).toBeNull();
  });

  it('reports the first node where the paths part, with the node it expected before', () => {
    expect(
      compareRun(
        { path: ['inicio', 'horario', 'menu', 'dni'] },
        actual({ path: ['inicio', 'horario', 'cerrado'] }),
      ),
    ).toEqual({ kind: 'path', index: 2, expected: 'menu', actual: 'cerrado', previous: 'horario' });
  });

  it('tells a run that ended early from one that went further', () => {
    expect(compareRun({ path: ['inicio', 'menu', 'dni'] }, actual({ path: ['inicio', 'menu'] }))).toEqual({
      kind: 'path',
      index: 2,
      expected: 'dni',
      actual: null,
      previous: 'menu',
    });
    expect(compareRun({ path: ['inicio', 'menu'] }, actual({ path: ['inicio', 'menu', 'dni'] }))).toEqual({
      kind: 'path',
      index: 2,
      expected: null,
      actual: 'dni',
      previous: 'menu',
    });
  });

  it('checks the outcome, variables and messages only when the scenario holds them', () => {
    const path = actual().path;
    expect(compareRun({ path }, actual({ outcome: 'otro', variables: {}, messages: [] }))).toBeNull();
    expect(compareRun({ path, outcome: 'hung_up' }, actual())).toEqual({
      kind: 'outcome',
      expected: 'hung_up',
      actual: 'next',
    });
    // 2 and "2" differ: the engine keeps types, so a changed assignment shows.
    expect(compareRun({ path, variables: { 'vars.intentos': '2' } }, actual())).toEqual({
      kind: 'variable',
      path: 'vars.intentos',
      expected: '2',
      actual: '2',
    });
    expect(compareRun({ path, variables: { 'vars.falta': 'x' } }, actual())).toEqual({
      kind: 'variable',
      path: 'vars.falta',
      expected: 'x',
      actual: '—',
    });
    expect(compareRun({ path, messages: ['Tu turno es el martes.'] }, actual())).toEqual({
      kind: 'message',
      index: 0,
      expected: 'Tu turno es el martes.',
      actual: 'Tu turno es el lunes.',
    });
    expect(compareRun({ path, messages: [] }, actual())).toEqual({
      kind: 'message',
      index: 0,
      expected: null,
      actual: 'Tu turno es el lunes.',
    });
  });

  it('compares values by content, not key order', () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue(null, undefined)).toBe(false);
    expect(sameValue(5, '5')).toBe(false);
  });
});

describe('difference messages', () => {
  const nodes = [
    { id: 'menu', label: 'Menú principal', title: 'Menú / pedir dato' },
    { id: 'cerrado', label: 'Fuera de horario', title: 'Decir un mensaje' },
    { id: 'dni', title: 'Menú / pedir dato' },
  ];
  const label = (id: string) => nodeLabel(nodes, id);
  const es = createTranslator({ locale: 'es-AR', messages: esAR, namespace: 'testScenarios' });
  const enT = createTranslator({ locale: 'en', messages: en, namespace: 'testScenarios' });
  const say = (d: ScenarioDifference) => {
    const m = differenceMessage(d, label);
    return [es(m.key, m.values), enT(m.key, m.values)];
  };

  it('names nodes by their label, else their kind and id', () => {
    expect(label('menu')).toBe('Menú principal');
    expect(label('dni')).toBe('Menú / pedir dato (dni)');
    expect(label('borrado')).toBe('borrado');
  });

  it('words each kind of difference in Spanish and English', () => {
    expect(say({ kind: 'path', index: 2, expected: 'menu', actual: 'cerrado', previous: 'horario' })).toEqual(
      [
        'Esperaba pasar por «Menú principal», pasó por «Fuera de horario».',
        'Expected to go through "Menú principal", went through "Fuera de horario".',
      ],
    );
    expect(say({ kind: 'path', index: 3, expected: 'dni', actual: null, previous: 'menu' })[0]).toBe(
      'Esperaba pasar por «Menú / pedir dato (dni)», pero terminó después de «Menú principal».',
    );
    expect(say({ kind: 'path', index: 3, expected: null, actual: 'cerrado', previous: 'menu' })[0]).toBe(
      'Esperaba terminar después de «Menú principal», pero siguió por «Fuera de horario».',
    );
    expect(say({ kind: 'outcome', expected: 'recordado', actual: 'no_enviado' })[0]).toBe(
      'Esperaba terminar con «recordado», terminó con «no_enviado».',
    );
    expect(say({ kind: 'message', index: 0, expected: 'Hola', actual: 'Chau' })[0]).toBe(
      'Esperaba que el mensaje 1 dijera «Hola», dijo «Chau».',
    );
    expect(say({ kind: 'error', code: 'TIMEOUT', at: 'menu', detail: '' })[1]).toBe(
      'The run did not finish in time (it was waiting at "Menú principal").',
    );
    expect(say({ kind: 'error', code: 'FLOW_HAS_ERRORS', at: null, detail: '' })[0]).toContain('errores');
  });
});
