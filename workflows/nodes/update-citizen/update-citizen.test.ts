import { describe, expect, it } from 'vitest';
import { compileChain, resourcesWith } from '../../testing/compile-chain';
import { testStepContext } from '../../testing/test-step-context';
import { updateCitizen } from './definition';
import { updateCitizenRunner } from './run';

const config = updateCitizen.schema.parse({
  fields: [{ field: 'email', value: '{{vars.correo}}' }],
  consents: [{ channel: 'whatsapp', status: 'granted' }],
});

function context(contactId: string | undefined, fail = false) {
  return testStepContext({
    input: { channel: 'voice' },
    scope: { contact: contactId ? { id: contactId } : {}, vars: { correo: ' ana@example.com ' } },
    activities: {
      updateCitizen: async () => {
        if (fail) throw new Error('citizen not found');
      },
    },
  });
}

describe('update_citizen', () => {
  it('needs something to update and a citizen identified before it', () => {
    const defaults = updateCitizen.schema.parse({});
    expect(defaults).toEqual({ fields: [], consents: [], optOut: false });
    expect(updateCitizen.ports(defaults).map((p) => [p.id, p.required])).toEqual([
      ['updated', true],
      ['failed', false],
    ]);
    expect(updateCitizen.references(config)).toEqual([
      { field: '', paths: ['contact.id'] },
      { field: 'fields.0.value', paths: ['vars.correo'] },
    ]);
    expect(updateCitizen.defines(config)).toEqual([{ port: 'updated', variables: ['contact.email'] }]);
    const validate = (c: typeof defaults) =>
      updateCitizen.validate?.(c, { nodeId: 'u', resources: resourcesWith(), triggerKind: null }) ?? [];
    expect(validate(defaults).map((p) => p.field)).toEqual(['fields']);
    expect(validate({ ...defaults, optOut: true })).toEqual([]);
    expect(validate({ ...config, fields: [...config.fields, ...config.fields] }).map((p) => p.field)).toEqual(
      ['fields'],
    );
    expect(updateCitizen.schema.safeParse({ fields: [{ field: 'id', value: 'x' }] }).success).toBe(false);
    expect(updateCitizen.summary({ ...defaults, optOut: true }, 'es-AR')).toBe('baja de todos los canales');
    expect(updateCitizen.summary(config, 'en')).toBe('email, whatsapp: granted');
  });

  it('updates fields and consents of contact.id and mirrors the fields into contact', async () => {
    const ctx = context('cit-1');
    expect(await updateCitizenRunner.run(config, ctx)).toEqual({
      port: 'updated',
      set: { 'contact.email': 'ana@example.com' },
    });
    expect(ctx.calls).toEqual([
      {
        via: 'activities',
        name: 'updateCitizen',
        args: {
          organizationId: 'org-1',
          citizenId: 'cit-1',
          fields: { email: 'ana@example.com' },
          consents: [{ channel: 'whatsapp', status: 'granted' }],
        },
      },
    ]);
  });

  it('opts out of every channel with the shortcut, whatever the consents say', async () => {
    const ctx = context('cit-1');
    await updateCitizenRunner.run({ ...config, fields: [], optOut: true }, ctx);
    expect(ctx.calls[0]?.args).toMatchObject({
      fields: {},
      consents: ['sms', 'whatsapp', 'email', 'voice'].map((channel) => ({ channel, status: 'opted_out' })),
    });
  });

  it('follows failed without a citizen or when the update fails', async () => {
    const anonymous = context(undefined);
    expect((await updateCitizenRunner.run(config, anonymous)).port).toBe('failed');
    expect(anonymous.calls).toEqual([]);
    expect(await updateCitizenRunner.run(config, context('cit-1', true))).toEqual({
      port: 'failed',
      set: { 'vars.last_error': 'citizen not found' },
    });
  });

  it('compiles after a lookup that found the citizen, and not without one', () => {
    const update = { kind: 'update_citizen', config: { optOut: true }, via: 'found' };
    const ok = compileChain({
      trigger: { kind: 'trigger_incoming_message' },
      chain: [{ kind: 'lookup_citizen' }, update],
    });
    expect(ok.problems).toEqual([]);
    expect(ok.ok).toBe(true);
    const alone = compileChain({
      trigger: { kind: 'trigger_incoming_message' },
      chain: [{ ...update, via: 'next' }],
    });
    expect(alone.problems.map((p) => [p.code, p.message.en])).toEqual([
      ['UNDEFINED_VARIABLE', 'Uses "contact.id", which is not defined on every path that reaches here.'],
    ]);
  });
});
