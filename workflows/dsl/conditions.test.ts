import { describe, expect, it } from 'vitest';
import { splitRunner } from '../nodes/split/run';
import { testStepContext } from '../testing/test-step-context';
import { backtrackingMatches, conditionChecks, evaluateGroup } from './conditions';
import { linearMatches, linearRegexIssue } from './linear-regex';

const when = (value: string, operator: 'matches' | 'equals' = 'matches') => ({
  match: 'all' as const,
  conditions: [{ variable: 'input.texto', operator, value }],
});

describe('regex conditions', () => {
  it('match as the old engine did for the patterns designers write', () => {
    const cases: [string, string][] = [
      ['^\\d{8}$', '30111222'],
      ['^\\d{8}$', '3011122'],
      ['^(si|sí|s)$', 'SÍ'],
      ['turno', 'Quiero un TURNO'],
      ['^[a-z]+@[a-z]+\\.gob\\.ar$', 'mesa@salud.gob.ar'],
      ['vacuna(s|ción)?', 'la vacunación'],
      ['^\\p{L}+$', 'Ñandú'],
    ];
    for (const [pattern, text] of cases)
      expect([pattern, text, linearMatches(pattern, text)]).toEqual([
        pattern,
        text,
        backtrackingMatches(pattern, text),
      ]);
  });

  it('cannot backtrack: (a+)+$ against thirty a’s and a ! takes milliseconds', () => {
    const started = performance.now();
    expect(linearMatches('(a+)+$', `${'a'.repeat(30)}!`)).toBe(false);
    expect(linearMatches('^(a|aa)+$', `${'a'.repeat(1000)}!`)).toBe(false);
    // The backtracking engine takes 2^30 steps (minutes) on the first; a generous bound for a loaded machine.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('run on the split node through the step context’s engine', async () => {
    const config = splitRunner.definition.schema.parse({
      cases: [{ id: 'a', label: 'A', when: when('(a+)+$') }],
    });
    const ctx = testStepContext({ scope: { input: { texto: `${'a'.repeat(30)}!` } } });
    expect(await splitRunner.run(config, ctx)).toEqual({ port: 'else' });
    const hit = testStepContext({ scope: { input: { texto: 'aaa' } } });
    expect(await splitRunner.run(config, hit)).toEqual({ port: 'case_a' });
  });

  it('refuse what RE2 cannot run or what is too long, at compile time', () => {
    expect(linearRegexIssue('(?=a)b')).toBe('invalid');
    expect(linearRegexIssue('(a)\\1')).toBe('invalid');
    expect(linearRegexIssue('[a-')).toBe('invalid');
    expect(linearRegexIssue('a'.repeat(201))).toBe('too_long');
    expect(linearRegexIssue('^\\d{7,8}$')).toBeNull();
    expect(conditionChecks(when('(?=a)b'), 'cases.0.when')).toEqual([
      { field: 'cases.0.when.conditions.0.value', paths: [], regex: '(?=a)b' },
    ]);
    // A pattern with a variable in it is only known when it runs; its filters are checked anyway.
    expect(conditionChecks(when('^{{input.x | xyz}}$'), 'w')).toEqual([
      {
        field: 'w.conditions.0.value',
        paths: [],
        filterIssues: [{ kind: 'unknown_filter', filter: 'xyz' }],
      },
    ]);
    expect(conditionChecks(when('(?=a)', 'equals'), 'w')).toEqual([]);
  });

  it('give the matcher the rendered pattern and the variable’s text', () => {
    const seen: [string, string][] = [];
    const group = when('^{{input.prefijo}}\\d+$');
    const result = evaluateGroup(group, { input: { texto: 'AB12', prefijo: 'ab' } }, 'UTC', (p, s) => {
      seen.push([p, s]);
      return true;
    });
    expect(result).toBe(true);
    expect(seen).toEqual([['^ab\\d+$', 'AB12']]);
  });
});
