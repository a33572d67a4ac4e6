/**
 * Regular expressions of `matches` conditions, run by re2js (a pure-JS port of RE2): matching takes
 * time linear in the text, so a pattern such as `(a+)+$` cannot backtrack for minutes inside a
 * workflow task. RE2 has no backreferences or lookarounds; a pattern that uses them does not
 * compile, which the compiler reports on the condition. Loaded only where a regex is used: the
 * library is ~260 KB of code a workflow would otherwise evaluate for every execution.
 */
import { RE2JS } from 're2js';
import { MAX_REGEX, MAX_SUBJECT, type RegexMatcher } from './conditions';

const compiled = new Map<string, RE2JS | null>();
const MAX_CACHED = 100;

/** The compiled pattern (case-insensitive, like the conditions' other operators), or null if RE2 refuses it. */
function compileLinear(pattern: string): RE2JS | null {
  if (compiled.has(pattern)) return compiled.get(pattern) ?? null;
  let re: RE2JS | null;
  try {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch {
    re = null;
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(pattern, re);
  return re;
}

/** Whether the text contains a match; false for a pattern that is too long or does not compile. */
export const linearMatches: RegexMatcher = (pattern, subject) => {
  if (pattern.length > MAX_REGEX) return false;
  const re = compileLinear(pattern);
  return re?.test(subject.slice(0, MAX_SUBJECT)) ?? false;
};

/** Why the compiler refuses a pattern, or null when it runs. */
export function linearRegexIssue(pattern: string): 'too_long' | 'invalid' | null {
  if (pattern.length > MAX_REGEX) return 'too_long';
  return compileLinear(pattern) === null ? 'invalid' : null;
}
