import { describe, expect, it } from 'vitest';
import type { CitizenRecord } from '../../../lib/contracts/engine-activities';
import type { Scope } from '../../dsl/template';
import { compileChain } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { lookupCitizen } from './definition';
import { lookupCitizenRunner } from './run';

const ANA: CitizenRecord = {
  id: 'cit-1',
  dni: '20123456',
  firstName: 'Ana',
  lastName: 'Paz',
  phones: ['+5493425111111', '+543424222222'],
  email: null,
  locality: 'Santa Fe',
  attributes: { obra_social: 'IAPOS', 'bad key': 'x', id: 'forged' },
};

function context(scope: Scope, found: CitizenRecord | null | Error) {
  return testStepContext({
    input: { channel: 'voice' },
    scope,
    local: {
      lookupCitizen: async () => {
        if (found instanceof Error) throw found;
        return found;
      },
    },
  });
}

describe('lookup_citizen', () => {
  it("searches by the line's phone by default and defines contact.* when found", () => {
    const defaults = lookupCitizen.schema.parse({});
    expect(defaults).toEqual({ by: 'phone', value: '' });
    expect(lookupCitizen.ports(defaults).map((p) => [p.id, p.required])).toEqual([
      ['found', true],
      ['not_found', true],
    ]);
    expect(lookupCitizen.references(defaults)).toEqual([]);
    expect(lookupCitizen.references({ by: 'dni', value: '' })).toEqual([
      { field: 'value', paths: ['vars.dni'] },
    ]);
    expect(lookupCitizen.defines(defaults)).toEqual([{ port: 'found', variables: ['contact.*'] }]);
    expect(lookupCitizen.summary(defaults, 'es-AR')).toBe('Teléfono: el que llama o escribe');
    expect(lookupCitizen.summary({ by: 'dni', value: '' }, 'en')).toBe('ID number: {{vars.dni}}');
  });

  it('looks the caller up with a local activity and loads the citizen into contact', async () => {
    const ctx = context({ call: { from: '+543424222222' }, contact: { email: 'ana@lista.gob.ar' } }, ANA);
    const result = await lookupCitizenRunner.run(lookupCitizen.schema.parse({}), ctx);
    expect(ctx.calls).toEqual([
      { via: 'local', name: 'lookupCitizen', args: { by: 'phone', value: '+543424222222' } },
    ]);
    expect(result).toEqual({
      port: 'found',
      set: {
        'contact.obra_social': 'IAPOS',
        'contact.id': 'cit-1',
        'contact.first_name': 'Ana',
        'contact.last_name': 'Paz',
        'contact.dni': '20123456',
        // The line the citizen is on, not the first number the base lists.
        'contact.phone': '+543424222222',
        'contact.locality': 'Santa Fe',
      },
    });
  });

  it('uses the number an outbound call reached, and a DNI without dots', async () => {
    const outbound = context(
      { call: { direction: 'outbound', from: '+543420000000', to: '+5493425111111' } },
      ANA,
    );
    await lookupCitizenRunner.run(lookupCitizen.schema.parse({}), outbound);
    expect(outbound.calls[0]?.args).toEqual({ by: 'phone', value: '+5493425111111' });
    const byDni = context({ vars: { dni: '20.123.456' } }, ANA);
    const result = await lookupCitizenRunner.run(lookupCitizen.schema.parse({ by: 'dni' }), byDni);
    expect(byDni.calls[0]?.args).toEqual({ by: 'dni', value: '20123456' });
    expect(result.set?.['contact.phone']).toBe('+5493425111111');
  });

  it('follows not_found when nobody matches, the value is empty, or the lookup fails', async () => {
    const none = context({ message: { from: 'whatsapp:+5493425111111' } }, null);
    expect(await lookupCitizenRunner.run(lookupCitizen.schema.parse({}), none)).toEqual({
      port: 'not_found',
    });
    expect(none.calls[0]?.args).toEqual({ by: 'phone', value: '+5493425111111' });
    const empty = context({}, ANA);
    expect(await lookupCitizenRunner.run(lookupCitizen.schema.parse({}), empty)).toEqual({
      port: 'not_found',
    });
    expect(empty.calls).toEqual([]);
    const failing = context({ call: { from: '+543424222222' } }, new Error('timeout'));
    expect(await lookupCitizenRunner.run(lookupCitizen.schema.parse({}), failing)).toEqual({
      port: 'not_found',
      set: { 'vars.last_error': 'timeout' },
    });
  });

  it('compiles in an inbound call flow, and its contact.* reaches the nodes after found', () => {
    const result = compileChain({
      trigger: { kind: 'trigger_incoming_call' },
      chain: [
        { kind: 'lookup_citizen' },
        { kind: 'say', config: { text: 'Hola {{contact.first_name}}' }, via: 'found' },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const onNotFound = compileChain({
      trigger: { kind: 'trigger_incoming_call' },
      chain: [
        { kind: 'lookup_citizen' },
        { kind: 'say', config: { text: 'Hola {{contact.first_name}}' }, via: 'not_found' },
      ],
    });
    expect(onNotFound.problems.map((p) => p.code)).toEqual(['UNDEFINED_VARIABLE']);
  });
});
