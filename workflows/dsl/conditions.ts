import { z } from 'zod';
import type { Reference } from './node-definition';
import { lookup, renderTemplate, type Scope, templateIssues, templateReferences, toDate } from './template';

export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'matches',
  'gt',
  'gte',
  'lt',
  'lte',
  'before',
  'after',
  'is_empty',
  'is_not_empty',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** One comparison: a variable, an operator, and a value (a template, so it may name variables too). */
const ZCondition = z.object({
  variable: z.string().min(1).max(200),
  operator: z.enum(OPERATORS),
  value: z.string().max(1000).default(''),
});
export type Condition = z.infer<typeof ZCondition>;

export const ZConditionGroup = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(ZCondition).min(1).max(20),
});
type ConditionGroup = z.infer<typeof ZConditionGroup>;

export function conditionReferences(group: ConditionGroup): string[] {
  return group.conditions.flatMap((c) => [c.variable, ...templateReferences(c.value)]);
}

/**
 * Whether a text matches a condition's pattern. runFlow passes the linear-time engine
 * (linear-regex.ts, loaded only when a step needs it); executions recorded before it replay with
 * backtrackingMatches, the engine they ran with.
 */
export type RegexMatcher = (pattern: string, subject: string) => boolean;

export function usesRegex(group: ConditionGroup): boolean {
  return group.conditions.some((c) => c.operator === 'matches');
}

/**
 * What the compiler checks in each condition's value, on that value's field: its filters, and the
 * pattern of a `matches` that names no variable (one that does is only known when it runs).
 */
export function conditionChecks(group: ConditionGroup, field: string): Reference[] {
  return group.conditions.flatMap((c, i): Reference[] => {
    const filterIssues = templateIssues(c.value);
    const regex = c.operator === 'matches' && !c.value.includes('{{') ? c.value : undefined;
    if (filterIssues.length === 0 && regex === undefined) return [];
    return [
      {
        field: `${field}.conditions.${i}.value`,
        paths: [],
        ...(filterIssues.length > 0 ? { filterIssues } : {}),
        ...(regex === undefined ? {} : { regex }),
      },
    ];
  });
}

export function evaluateGroup(
  group: ConditionGroup,
  scope: Scope,
  timeZone: string,
  matches: RegexMatcher,
): boolean {
  const results = group.conditions.map((c) => evaluateCondition(c, scope, timeZone, matches));
  return group.match === 'all' ? results.every(Boolean) : results.some(Boolean);
}

export const MAX_REGEX = 200;
export const MAX_SUBJECT = 2000;

/** The engine conditions used before linear-regex.ts; it can backtrack for exponential time. */
export function backtrackingMatches(pattern: string, subject: string): boolean {
  if (pattern.length > MAX_REGEX) return false;
  try {
    return new RegExp(pattern, 'iu').test(subject.slice(0, MAX_SUBJECT));
  } catch {
    return false;
  }
}

function evaluateCondition(c: Condition, scope: Scope, timeZone: string, matches: RegexMatcher): boolean {
  const raw = lookup(scope, c.variable);
  const left = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : String(raw);
  const right = renderTemplate(c.value, scope, { timeZone });
  const norm = (s: string) =>
    s
      .trim()
      .toLocaleLowerCase('es-AR')
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '');
  switch (c.operator) {
    case 'equals':
      return norm(left) === norm(right);
    case 'not_equals':
      return norm(left) !== norm(right);
    case 'contains':
      return norm(left).includes(norm(right));
    case 'not_contains':
      return !norm(left).includes(norm(right));
    case 'matches':
      return matches(right, left);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = Number(left.replace(',', '.'));
      const b = Number(right.replace(',', '.'));
      if (!Number.isFinite(a) || !Number.isFinite(b) || left.trim() === '') return false;
      return c.operator === 'gt'
        ? a > b
        : c.operator === 'gte'
          ? a >= b
          : c.operator === 'lt'
            ? a < b
            : a <= b;
    }
    case 'before':
    case 'after': {
      const a = toDate(raw);
      const b = toDate(right);
      if (!a || !b) return false;
      return c.operator === 'before' ? a < b : a > b;
    }
    case 'is_empty':
      return left.trim() === '';
    case 'is_not_empty':
      return left.trim() !== '';
  }
}
