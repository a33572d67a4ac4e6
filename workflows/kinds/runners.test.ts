import { describe, expect, it } from 'vitest';
import { NODE_DEFINITIONS } from './registry';
import { loadRunner, RUNNER_KINDS } from './runners';

describe('runner loaders', () => {
  it('load the interpreter step of every node kind, and of no other', async () => {
    expect([...RUNNER_KINDS].sort()).toEqual(NODE_DEFINITIONS.map((d) => d.kind).sort());
    for (const definition of NODE_DEFINITIONS) {
      const runner = await loadRunner(definition.kind);
      expect(runner?.definition.kind).toBe(definition.kind);
    }
  });

  it('know nothing of unknown kinds, inherited names included', async () => {
    expect(await loadRunner('no_such_kind')).toBeUndefined();
    expect(await loadRunner('constructor')).toBeUndefined();
    expect(await loadRunner('__proto__')).toBeUndefined();
  });
});
