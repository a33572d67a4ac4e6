import { describe, expect, it } from 'vitest';
import { compileChain } from '../../testing/compile-chain';
import { compileSingleNode } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { validateInput } from './definition';
import { validateInputRunner } from './run';

const dni = validateInput.schema.parse({ value: '{{vars.dni}}', saveAs: 'dni_normalizado' });

describe('validate_input definition', () => {
  it('checks a DNI by default, needs the value, and has valid and invalid ports', () => {
    expect(validateInput.schema.parse({ value: '{{input.dni}}' })).toEqual({
      value: '{{input.dni}}',
      format: 'dni',
      saveAs: '',
    });
    expect(validateInput.schema.safeParse({}).success).toBe(false);
    expect(validateInput.schema.safeParse({ value: 'x', format: 'cuit' }).success).toBe(false);
    expect(validateInput.ports(dni).map((p) => [p.id, p.required])).toEqual([
      ['valid', true],
      ['invalid', true],
    ]);
    expect(validateInput.waits(dni)).toBe(false);
    expect(validateInput.references(dni)).toEqual([{ field: 'value', paths: ['vars.dni'] }]);
  });

  it('defines the variable it saves to on valid only, and says what it checks', () => {
    expect(validateInput.defines(dni)).toEqual([{ port: 'valid', variables: ['vars.dni_normalizado'] }]);
    expect(validateInput.defines({ ...dni, saveAs: '' })).toEqual([]);
    expect(validateInput.summary(dni, 'es-AR')).toBe('DNI: {{vars.dni}} → vars.dni_normalizado');
    expect(validateInput.summary({ ...dni, format: 'phone', saveAs: '' }, 'en')).toBe('Phone: {{vars.dni}}');
  });
});

describe('validate_input runner', () => {
  it('follows valid with the normal form saved, rendering the value from the scope', async () => {
    const ctx = testStepContext({ scope: { vars: { dni: '20.123.456' } } });
    expect(await validateInputRunner.run(dni, ctx)).toEqual({
      port: 'valid',
      set: { 'vars.dni_normalizado': '20123456' },
    });
    const date = { value: '{{input.fecha}}', format: 'date' as const, saveAs: 'fecha' };
    const apiCtx = testStepContext({ scope: { input: { fecha: '1/3/2026' } } });
    expect(await validateInputRunner.run(date, apiCtx)).toEqual({
      port: 'valid',
      set: { 'vars.fecha': '2026-03-01' },
    });
    // It asks nothing of the world.
    expect([...ctx.calls, ...apiCtx.calls]).toEqual([]);
  });

  it('follows valid without saving when no variable is named, and invalid for a bad or missing value', async () => {
    const phone = { value: '{{call.from}}', format: 'phone' as const, saveAs: '' };
    const call = testStepContext({
      input: { channel: 'voice' },
      scope: { call: { from: '0342 15 511-1111' } },
    });
    expect(await validateInputRunner.run(phone, call)).toEqual({ port: 'valid' });
    expect(await validateInputRunner.run(dni, testStepContext({ scope: { vars: { dni: '123' } } }))).toEqual({
      port: 'invalid',
    });
    expect(await validateInputRunner.run(dni, testStepContext())).toEqual({ port: 'invalid' });
  });
});

describe('validate_input compile', () => {
  it('compiles after a voice menu that collects the DNI, and the saved variable is usable on valid', () => {
    const result = compileChain({
      trigger: { kind: 'trigger_incoming_call' },
      chain: [
        { kind: 'gather', config: { prompt: 'Ingresá tu DNI.', mode: 'collect', saveAs: 'dni' } },
        { kind: 'validate_input', config: { value: '{{vars.dni}}', saveAs: 'dni_ok' }, via: 'collected' },
        { kind: 'say', config: { text: 'Tu DNI es {{vars.dni_ok}}.' }, via: 'valid' },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.program?.variables).toEqual(expect.arrayContaining(['vars.dni', 'vars.dni_ok']));
  });

  it('reports a value that uses a variable no path defines', () => {
    const result = compileSingleNode({ kind: 'validate_input', config: { value: '{{vars.nadie}}' } });
    expect(result.problems.map((p) => [p.code, p.field])).toEqual([['UNDEFINED_VARIABLE', 'value']]);
  });
});
