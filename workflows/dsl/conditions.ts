import { z } from 'zod';
import { lookup, renderTemplate, type Scope, templateReferences, toDate } from './template';

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

export function evaluateGroup(group: ConditionGroup, scope: Scope, timeZone: string): boolean {
  const results = group.conditions.map((c) => evaluateCondition(c, scope, timeZone));
  return group.match === 'all' ? results.every(Boolean) : results.some(Boolean);
}

const MAX_REGEX = 200;
const MAX_SUBJECT = 2000;

function evaluateCondition(c: Condition, scope: Scope, timeZone: string): boolean {
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
    case 'matches': {
      if (right.length > MAX_REGEX) return false;
      try {
        return new RegExp(right, 'iu').test(left.slice(0, MAX_SUBJECT));
      } catch {
        return false;
      }
    }
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
