import type { ScenarioDifference, ScenarioExpectations } from '@/lib/test-scenarios/types';
import { lookup, type Scope } from '@/workflows/dsl/template';

/** What a scenario's run did: the nodes in order, how it ended, its variables and what it sent. */
type ScenarioActual = {
  path: string[];
  outcome: string | null;
  variables: Scope;
  messages: string[];
};

/**
 * The first way the run differs from what the scenario expects, or null when it matches. The
 * path comes first: once the run took another way, later differences only repeat that one.
 */
export function compareRun(
  expected: ScenarioExpectations,
  actual: ScenarioActual,
): ScenarioDifference | null {
  const steps = Math.max(expected.path.length, actual.path.length);
  for (let i = 0; i < steps; i++) {
    const want = expected.path[i] ?? null;
    const got = actual.path[i] ?? null;
    if (want !== got) {
      const previous = i > 0 ? (expected.path[i - 1] ?? null) : null;
      return { kind: 'path', index: i, expected: want, actual: got, previous };
    }
  }
  if (expected.outcome !== undefined && (expected.outcome ?? null) !== actual.outcome) {
    return { kind: 'outcome', expected: expected.outcome ?? null, actual: actual.outcome };
  }
  for (const [path, value] of Object.entries(expected.variables ?? {})) {
    const got = lookup(actual.variables, path);
    if (!sameValue(value, got)) {
      return { kind: 'variable', path, expected: display(value), actual: display(got) };
    }
  }
  if (expected.messages) {
    const count = Math.max(expected.messages.length, actual.messages.length);
    for (let i = 0; i < count; i++) {
      const want = expected.messages[i] ?? null;
      const got = actual.messages[i] ?? null;
      if (want?.trim() !== got?.trim()) return { kind: 'message', index: i, expected: want, actual: got };
    }
  }
  return null;
}

/** Values as JSON would keep them: 5 and "5" differ, key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** How a value reads in a difference message. */
function display(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '—';
}
