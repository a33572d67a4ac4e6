import { MAX_REGEX } from '../dsl/conditions';
import { FILTER_NAMES } from '../dsl/filters';
import { linearRegexIssue } from '../dsl/linear-regex';
import type { Reference } from '../dsl/node-definition';
import { type Problem, problem } from '../dsl/problems';

/**
 * What a node's templates and conditions would fail on at run time, on the field that holds them:
 * a filter the renderer does not have, an argument the filter cannot use (`moneda:"XX"` throws in
 * Intl), a `matches` pattern the linear-time engine refuses.
 */
export function referenceProblems(nodeId: string, refs: readonly Reference[]): Problem[] {
  const out: Problem[] = [];
  for (const ref of refs) {
    const field = ref.field || undefined;
    for (const issue of ref.filterIssues ?? []) {
      out.push(
        issue.kind === 'unknown_filter'
          ? problem('UNKNOWN_FILTER', {
              nodeId,
              field,
              params: { filter: issue.filter, known: FILTER_NAMES.join(', ') },
            })
          : problem('BAD_FILTER_ARGUMENT', {
              nodeId,
              field,
              params: { filter: issue.filter, argument: issue.argument, allowed: issue.allowed },
            }),
      );
    }
    const reason = ref.regex === undefined ? null : linearRegexIssue(ref.regex);
    if (reason) out.push(problem('BAD_REGEX', { nodeId, field, params: { reason, max: MAX_REGEX } }));
  }
  return out;
}
