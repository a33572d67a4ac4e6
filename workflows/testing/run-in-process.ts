import type { EngineActivities } from '../../lib/contracts/engine-activities';
import type { FlowProgram } from '../../lib/contracts/program';
import type { Scope } from '../dsl/template';
import { applyAssignments } from '../engine/scope';
import { loadRunner } from '../kinds/runners';
import { testStepContext } from './test-step-context';

// runFlow's STEP_BUDGET (run-flow.ts imports @temporalio/workflow, which only loads in a workflow).
const STEP_BUDGET = 1000;

/**
 * Walks a compiled program the way runFlow's loop does (runner per step, its result's variables,
 * the port's next step), without Temporal and with the given fake activities: fast enough for a
 * property test over many programs. Anything a step throws propagates; so does a runaway loop.
 */
export async function runInProcess(args: {
  program: FlowProgram;
  scope: Scope;
  activities?: Partial<EngineActivities>;
}): Promise<{ path: { stepId: string; port: string }[]; scope: Scope }> {
  const { program, scope } = args;
  const path: { stepId: string; port: string }[] = [];
  let stepId: string | null = program.entry;
  while (stepId !== null) {
    const step: FlowProgram['steps'][string] | undefined = program.steps[stepId];
    if (!step) throw new Error(`step ${stepId} is not in the program`);
    if (path.length >= STEP_BUDGET) throw new Error(`more than ${STEP_BUDGET} steps`);
    const runner = await loadRunner(step.kind);
    if (!runner) throw new Error(`no runner for ${step.kind}`);
    const ctx = testStepContext({ stepId, program, scope, activities: args.activities });
    const result = await runner.run(runner.definition.schema.parse(step.config), ctx);
    applyAssignments(scope, result.set ?? {});
    path.push({ stepId, port: result.port });
    stepId = step.next[result.port] ?? null;
  }
  return { path, scope };
}
