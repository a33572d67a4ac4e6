import { describe, expect, it } from 'vitest';
import { split } from '@/workflows/nodes/split/definition';
import { moveItem, newCase, readSplitCases, withOperator } from './split-cases';

describe('split cases editor model', () => {
  it('reads a half-typed config leniently, without losing a case', () => {
    const cases = readSplitCases({
      cases: [
        {
          id: 'urgente',
          label: 'Urgente',
          when: { match: 'any', conditions: [{ variable: 'vars.prioridad' }] },
        },
        { label: 7, when: { conditions: [{ variable: 'vars.x', operator: 'explode', value: 3 }] } },
        'basura',
      ],
    });
    expect(cases).toEqual([
      {
        id: 'urgente',
        label: 'Urgente',
        when: { match: 'any', conditions: [{ variable: 'vars.prioridad', operator: 'equals', value: '' }] },
      },
      {
        id: 'caso_2',
        label: '',
        when: { match: 'all', conditions: [{ variable: 'vars.x', operator: 'equals', value: '' }] },
      },
      { id: 'caso_3', label: '', when: { match: 'all', conditions: [] } },
    ]);
    expect(readSplitCases({})).toEqual([]);
  });

  it('adds a case with a unique id and one empty condition, which the schema then asks to fill', () => {
    const cases = readSplitCases({
      cases: [
        { id: 'caso_2', label: 'A', when: { conditions: [{ variable: 'vars.a', operator: 'equals' }] } },
      ],
    });
    const added = newCase(cases, 'Caso 2');
    expect(added.id).toBe('caso_3');
    const parsed = split.schema.safeParse({ cases: [...cases, added] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['cases.1.when.conditions.0.variable']);
    const filled = {
      ...added,
      when: { ...added.when, conditions: [{ variable: 'vars.b', operator: 'is_empty' as const, value: '' }] },
    };
    const ok = split.schema.safeParse({ cases: [...cases, filled] });
    expect(ok.success && split.ports(ok.data).map((p) => p.id)).toEqual([
      'case_caso_2',
      'case_caso_3',
      'else',
    ]);
  });

  it('moves a case up or down (its port moves with it) and ignores moves past the ends', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 2)).toEqual(['a', 'b']);
  });

  it('drops the value when the operator compares with nothing', () => {
    const c = { variable: 'vars.dni', operator: 'equals' as const, value: '123' };
    expect(withOperator(c, 'is_empty')).toEqual({ variable: 'vars.dni', operator: 'is_empty', value: '' });
    expect(withOperator(c, 'contains')).toEqual({ ...c, operator: 'contains' });
  });
});
