import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExecutionInput } from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';
import {
  applyAssignments,
  contactRefOf,
  diffVars,
  initialScope,
  record,
  replyAddressOf,
  snapshotVars,
  stringOrNull,
} from './scope';

const program: FlowProgram = {
  irVersion: 1,
  flowId: 'flow-1',
  versionId: 'version-1',
  organizationId: 'org-1',
  hash: 'h',
  entry: 'start',
  trigger: { kind: 'trigger_api', config: {} },
  steps: {},
  variables: [],
};

function input(variables: ExecutionInput['variables']): ExecutionInput {
  return {
    executionId: 'exec-1',
    organizationId: 'org-1',
    channel: 'sms',
    timeZone: 'America/Argentina/Cordoba',
    variables,
  };
}

describe('initialScope', () => {
  it('copies the given roots, drops what is not an object, and describes the execution', () => {
    const given = {
      contact: { phone: '+5493424000001' },
      call: ['not', 'an', 'object'],
      vars: null,
      extra: 1,
    };
    const scope = initialScope(program, input(given), new Date('2026-03-10T13:00:00Z'));
    expect(scope).toEqual({
      contact: { phone: '+5493424000001' },
      call: {},
      message: {},
      input: {},
      vars: {},
      execution: {
        id: 'exec-1',
        flowId: 'flow-1',
        versionId: 'version-1',
        startedAt: '2026-03-10T13:00:00.000Z',
        channel: 'sms',
      },
    });
    applyAssignments(scope, { 'contact.phone': '+5493424000002' });
    expect(given.contact.phone).toBe('+5493424000001');
  });
});

describe('addresses', () => {
  const scope = {
    call: { from: '+543424000001' },
    message: { from: '+543424000002' },
    contact: { phone: '+543424000003' },
  };

  it('a reply comes from the sender, else the contact, else the caller', () => {
    expect(replyAddressOf(scope)).toBe('+543424000002');
    expect(replyAddressOf({ ...scope, message: {} })).toBe('+543424000003');
    expect(replyAddressOf({ call: scope.call, message: { from: '' } })).toBe('+543424000001');
    expect(replyAddressOf({})).toBeNull();
  });

  it('the execution is with the caller, else the sender, else the contact', () => {
    expect(contactRefOf(scope)).toBe('+543424000001');
    expect(contactRefOf({ ...scope, call: {} })).toBe('+543424000002');
    expect(contactRefOf({ contact: scope.contact, message: { from: 42 } })).toBe('+543424000003');
    expect(contactRefOf({ call: null })).toBeNull();
  });
});

describe('record and stringOrNull', () => {
  it('record copies plain objects and turns anything else into an empty one', () => {
    const original = { a: 1 };
    const copy = record(original);
    expect(copy).toEqual({ a: 1 });
    expect(copy).not.toBe(original);
    for (const v of [null, undefined, 3, 'x', [1, 2]]) expect(record(v)).toEqual({});
  });

  it('stringOrNull reads only non-empty strings', () => {
    expect(stringOrNull({ k: 'v' }, 'k')).toBe('v');
    expect(stringOrNull({ k: '' }, 'k')).toBeNull();
    expect(stringOrNull({ k: 7 }, 'k')).toBeNull();
    expect(stringOrNull(null, 'k')).toBeNull();
    expect(stringOrNull('k', 'length')).toBeNull();
  });
});

describe('applyAssignments', () => {
  it('sets nested paths under writable roots and reports them in order', () => {
    const shared = { address: { city: 'Santa Fe' } };
    const scope: Record<string, unknown> = { vars: {}, contact: shared };
    const changed = applyAssignments(scope, {
      'vars.n': 1,
      'contact.address.city': 'Rosario',
      'call.outcome.detail': 'answered',
    });
    expect(changed).toEqual(['vars.n', 'contact.address.city', 'call.outcome.detail']);
    expect(scope).toEqual({
      vars: { n: 1 },
      contact: { address: { city: 'Rosario' } },
      call: { outcome: { detail: 'answered' } },
    });
    // Copy on write: objects the scope was built from are not changed under their owner.
    expect(shared.address.city).toBe('Santa Fe');
  });

  it('ignores read-only roots, bare roots and prototype keys', () => {
    const scope: Record<string, unknown> = { input: { a: 1 }, execution: { id: 'e' }, vars: {} };
    const changed = applyAssignments(scope, {
      'input.a': 2,
      'execution.id': 'x',
      vars: 3,
      'vars.__proto__.polluted': true,
      'vars.constructor': 1,
      'vars.a.prototype.b': 1,
      '.vars': 1,
    });
    expect(changed).toEqual([]);
    expect(scope).toEqual({ input: { a: 1 }, execution: { id: 'e' }, vars: {} });
  });

  it('never writes outside the writable roots nor onto Object.prototype, whatever the paths', () => {
    const segment = fc.oneof(
      fc.constantFrom('vars', 'contact', 'input', 'execution', '__proto__', 'constructor', 'prototype', ''),
      fc.string({ maxLength: 4 }),
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('.'));
    fc.assert(
      fc.property(fc.dictionary(path, fc.jsonValue()), (set) => {
        const scope: Record<string, unknown> = { input: { a: 1 }, execution: { id: 'e' } };
        const changed = applyAssignments(scope, set);
        expect(scope.input).toEqual({ a: 1 });
        expect(scope.execution).toEqual({ id: 'e' });
        expect(
          Object.keys(scope).every((k) =>
            ['input', 'execution', 'vars', 'contact', 'call', 'message'].includes(k),
          ),
        ).toBe(true);
        expect(changed.every((p) => Object.hasOwn(set, p))).toBe(true);
        expect(Reflect.get({}, 'polluted')).toBeUndefined();
      }),
    );
  });
});

describe('snapshotVars and diffVars', () => {
  it('lists each assigned path with its value now, and nothing when nothing changed', () => {
    const scope: Record<string, unknown> = { vars: { a: 1 }, contact: {} };
    const before = snapshotVars(scope);
    expect(diffVars(before, scope, [])).toEqual({});
    const changed = applyAssignments(scope, { 'vars.a': 2, 'contact.address.city': 'Rosario' });
    expect(diffVars(before, scope, changed)).toEqual({ 'vars.a': 2, 'contact.address.city': 'Rosario' });
  });

  it('snapshots only vars and contact', () => {
    const scope: Record<string, unknown> = { vars: { a: 1 }, contact: { b: 2 }, call: { c: 3 } };
    const before = snapshotVars(scope);
    scope.call = { c: 4 };
    expect(snapshotVars(scope)).toBe(before);
    scope.vars = { a: 2 };
    expect(snapshotVars(scope)).not.toBe(before);
  });
});
