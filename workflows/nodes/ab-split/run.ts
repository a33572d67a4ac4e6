import { lookup, type Scope } from '../../dsl/template';
import { defineRunner } from '../../engine/step-context';
import { abSplit } from './definition';
import { pickBranch } from './pick-branch';

export const abSplitRunner = defineRunner(abSplit, async (c, ctx) => {
  const key = `${ctx.program.flowId}:${ctx.stepId}:${contactKey(ctx.scope(), ctx.input.executionId)}`;
  const branch = pickBranch(c.branches, key);
  // null only for all-zero weights, which the schema refuses before a step runs.
  return { port: `branch_${(branch ?? c.branches[0])?.id ?? ''}` };
});

/** Who the contact is, most stable first; an anonymous execution still gets one fixed branch. */
export function contactKey(scope: Scope, executionId: string): string {
  for (const path of ['contact.id', 'contact.phone', 'call.from', 'message.from']) {
    const value = lookup(scope, path);
    if ((typeof value === 'string' && value !== '') || typeof value === 'number') return String(value);
  }
  return executionId;
}
