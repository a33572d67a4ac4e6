import { randomUUID } from 'node:crypto';
import { type ApiInput, type ApiInputProblem, apiInputFields, parseApiInput } from '@/lib/api-input';
import type { FlowProgram } from '@/lib/contracts/program';
import { AppError } from '@/server/errors';
import { getFlow, getVersion } from '@/server/services/flows/flows';
import { type EngineDeps, startExecution } from './start-execution';

/** Starts an API-triggered execution of a flow's latest (or pinned) published version. */
export async function startApiExecution(
  deps: EngineDeps,
  args: {
    organizationId: string;
    flowId: string;
    version?: number | undefined;
    input: Record<string, unknown>;
    /** A retried request's id (from its Idempotency-Key): started once, and a repeat finds it. */
    executionId?: string;
  },
) {
  await getFlow(deps.db, args.organizationId, args.flowId);
  const version = await getVersion(deps.db, args.organizationId, args.flowId, args.version ?? 'latest').catch(
    (err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND')
        throw new AppError('FLOW_NOT_PUBLISHED', err.message);
      throw err;
    },
  );
  const program = version.program;
  if (program.trigger.kind !== 'trigger_api') {
    throw new AppError('WRONG_TRIGGER', 'This flow does not start from an API call');
  }
  const { executionId } = await startExecution(deps, {
    organizationId: args.organizationId,
    program,
    executionId: args.executionId ?? `api-${randomUUID()}`,
    channel: 'api',
    variables: { input: apiInputOrThrow(program, args.input) },
    ...(args.executionId ? { once: true } : {}),
  });
  return { executionId, version: version.version };
}

/**
 * The input an API trigger takes, as the API takes it (the editor's test runs too): INVALID_INPUT
 * for an input that is too large or lacks a required field, naming the missing ones.
 */
export function apiInputOrThrow(program: FlowProgram, given: Record<string, unknown>): ApiInput {
  const parsed = parseApiInput(apiInputFields(program.trigger.config), given);
  if (parsed.ok) return parsed.input;
  throw apiInputError(parsed.problem);
}

function apiInputError(problem: ApiInputProblem): AppError {
  switch (problem.code) {
    case 'tooLarge':
      return new AppError('INVALID_INPUT', 'The input is too large');
    case 'missing':
      return new AppError('INVALID_INPUT', `Missing input: ${problem.fields.join(', ')}`, {
        missing: problem.fields,
      });
  }
}
