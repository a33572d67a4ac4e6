import { describe, expect, it } from 'vitest';
import { compileSingleNode } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { abSplit } from './definition';
import { pickBranch } from './pick-branch';
import { abSplitRunner, contactKey } from './run';

const config = abSplit.schema.parse({
  branches: [
    { id: 'corto', label: 'Mensaje corto', weight: 50 },
    { id: 'largo', label: 'Mensaje largo', weight: 50 },
  ],
});

describe('ab_split definition', () => {
  it('defaults to an even A/B split that is valid as dropped', () => {
    const c = abSplit.schema.parse({});
    expect(c.branches).toEqual([
      { id: 'a', label: 'A', weight: 50 },
      { id: 'b', label: 'B', weight: 50 },
    ]);
    expect(abSplit.ports(c).map((p) => p.id)).toEqual(['branch_a', 'branch_b']);
    expect(abSplit.summary(c, 'es-AR')).toBe('A 50% · B 50%');
    expect(abSplit.waits(c)).toBe(false);
  });

  it('makes a 0-weight branch optional', () => {
    const c = abSplit.schema.parse({
      branches: [
        { id: 'a', label: 'A', weight: 100 },
        { id: 'b', label: 'B', weight: 0 },
      ],
    });
    expect(abSplit.ports(c).map((p) => [p.id, p.required])).toEqual([
      ['branch_a', true],
      ['branch_b', false],
    ]);
  });

  it('refuses one branch, eleven, all-zero weights, duplicate ids and non-integer weights', () => {
    const b = (id: string, weight = 10) => ({ id, label: id, weight });
    expect(abSplit.schema.safeParse({ branches: [b('a')] }).success).toBe(false);
    expect(
      abSplit.schema.safeParse({ branches: Array.from({ length: 11 }, (_, i) => b(`b${i}`)) }).success,
    ).toBe(false);
    expect(abSplit.schema.safeParse({ branches: [b('a', 0), b('b', 0)] }).success).toBe(false);
    expect(abSplit.schema.safeParse({ branches: [b('a'), b('a')] }).success).toBe(false);
    expect(abSplit.schema.safeParse({ branches: [b('a', 10.5), b('b')] }).success).toBe(false);
  });
});

describe('ab_split runner', () => {
  it('keys on contact.id first and is stable across executions', async () => {
    const scope = { contact: { id: 'cit-42', phone: '+5493424000000' }, call: { from: '+5491100000000' } };
    const first = await abSplitRunner.run(config, testStepContext({ scope, input: { executionId: 'e1' } }));
    const second = await abSplitRunner.run(config, testStepContext({ scope, input: { executionId: 'e2' } }));
    const expected = pickBranch(config.branches, 'flow-1:node_1:cit-42');
    expect(first).toEqual({ port: `branch_${expected?.id}` });
    expect(second).toEqual(first);
  });

  it('falls back through phone, caller, sender and execution id', () => {
    expect(contactKey({ contact: { phone: '+549342' }, call: { from: '+1' } }, 'e')).toBe('+549342');
    expect(contactKey({ contact: {}, call: { from: '+5491100' }, message: { from: '+2' } }, 'e')).toBe(
      '+5491100',
    );
    expect(contactKey({ message: { from: 'whatsapp:+549' } }, 'e')).toBe('whatsapp:+549');
    expect(contactKey({ contact: { id: '' } }, 'exec-9')).toBe('exec-9');
  });

  it('puts different contacts in both branches', async () => {
    const ports = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const ctx = testStepContext({ scope: { contact: { id: `cit-${i}` } } });
      ports.add((await abSplitRunner.run(config, ctx)).port);
    }
    expect([...ports].sort()).toEqual(['branch_corto', 'branch_largo']);
  });

  it('splits differently in another node of the same flow', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `cit-${i}`);
    const inNode = (node: string) => keys.map((k) => pickBranch(config.branches, `flow-1:${node}:${k}`)?.id);
    expect(inNode('node_1')).not.toEqual(inNode('node_2'));
  });
});

describe('ab_split compile', () => {
  it('compiles with every branch connected', () => {
    const result = compileSingleNode({ kind: 'ab_split', config: {} });
    expect(result.problems).toEqual([]);
    expect(result.program?.steps.node_1?.next).toEqual({
      branch_a: 'end_branch_a',
      branch_b: 'end_branch_b',
    });
  });
});
