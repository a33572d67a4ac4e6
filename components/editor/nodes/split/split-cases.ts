import { type Condition, OPERATORS, type Operator } from '@/workflows/dsl/conditions';
import { isRecord } from '../../node-catalog';

export type SplitCase = {
  id: string;
  label: string;
  when: { match: 'all' | 'any'; conditions: Condition[] };
};

/** Operators that compare with nothing: the value field is hidden for them. */
const WITHOUT_VALUE: ReadonlySet<Operator> = new Set(['is_empty', 'is_not_empty']);

export function needsValue(operator: Operator): boolean {
  return !WITHOUT_VALUE.has(operator);
}

/**
 * The cases of a split node's config as the editor shows them, read leniently: a config that does
 * not parse yet (an empty variable, an imported oddity) still shows every case it has.
 */
export function readSplitCases(config: Record<string, unknown>): SplitCase[] {
  const cases = Array.isArray(config.cases) ? config.cases : [];
  return cases.map((raw, i) => {
    const c = isRecord(raw) ? raw : {};
    const when = isRecord(c.when) ? c.when : {};
    const conditions = Array.isArray(when.conditions) ? when.conditions : [];
    return {
      id: typeof c.id === 'string' ? c.id : `caso_${i + 1}`,
      label: typeof c.label === 'string' ? c.label : '',
      when: {
        match: when.match === 'any' ? 'any' : 'all',
        conditions: conditions.map(readCondition),
      },
    };
  });
}

function readCondition(raw: unknown): Condition {
  const c = isRecord(raw) ? raw : {};
  const operator = OPERATORS.find((o) => o === c.operator) ?? 'equals';
  return {
    variable: typeof c.variable === 'string' ? c.variable : '',
    operator,
    value: typeof c.value === 'string' ? c.value : '',
  };
}

/** A new case's id, unique among the node's cases: it names the case's output port. */
export function newCaseId(cases: readonly SplitCase[]): string {
  const taken = new Set(cases.map((c) => c.id));
  for (let i = cases.length + 1; ; i++) if (!taken.has(`caso_${i}`)) return `caso_${i}`;
}

export function emptyCondition(): Condition {
  return { variable: '', operator: 'equals', value: '' };
}

export function newCase(cases: readonly SplitCase[], label: string): SplitCase {
  return { id: newCaseId(cases), label, when: { match: 'all', conditions: [emptyCondition()] } };
}

/** Moves one item up or down; out of range leaves the list as it was. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const out = [...items];
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/** A condition with a new operator; one that compares with nothing drops its old value. */
export function withOperator(condition: Condition, operator: Operator): Condition {
  return { ...condition, operator, value: needsValue(operator) ? condition.value : '' };
}
