import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { ExecutionInput } from '@/lib/contracts/execution';
import { AppError } from '@/server/errors';
import { getFlow, getVersion } from '@/server/services/flows/flows';
import type { RunFlow } from '@/workflows/messages';

export type EngineDeps = { db: Database; temporal: () => Promise<Client>; taskQueue: string };

const MAX_INPUT_BYTES = 20_000;

/** Starts an API-triggered execution of a flow's latest (or pinned) published version. */
export async function startApiExecution(
  deps: EngineDeps,
  args: {
    organizationId: string;
    flowId: string;
    version?: number | undefined;
    input: Record<string, unknown>;
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
  if (JSON.stringify(args.input).length > MAX_INPUT_BYTES)
    throw new AppError('INVALID_INPUT', 'The input is too large');
  const declared = fieldsOf(program.trigger.config);
  const missing = declared.filter((f) => f.required && isBlank(args.input[f.name])).map((f) => f.name);
  if (missing.length > 0)
    throw new AppError('INVALID_INPUT', `Missing input: ${missing.join(', ')}`, { missing });
  const input = Object.fromEntries(
    declared.filter((f) => !isBlank(args.input[f.name])).map((f) => [f.name, scalar(args.input[f.name])]),
  );
  const org = await deps.db.query.organization.findFirst({
    where: eq(schema.organization.id, args.organizationId),
  });
  const executionId = `api-${randomUUID()}`;
  const executionInput: ExecutionInput = {
    executionId,
    organizationId: args.organizationId,
    channel: 'api',
    timeZone: org?.timezone ?? 'America/Argentina/Cordoba',
    variables: { input },
  };
  await deps.db.insert(schema.execution).values({
    id: executionId,
    organizationId: args.organizationId,
    flowId: args.flowId,
    versionId: program.versionId,
    workflowId: executionId,
    channel: 'api',
    status: 'running',
  });
  const client = await deps.temporal();
  await client.workflow.start<RunFlow>('runFlow', {
    taskQueue: deps.taskQueue,
    workflowId: executionId,
    args: [program, executionInput],
  });
  return { executionId, version: version.version };
}

function fieldsOf(config: Record<string, unknown>): { name: string; required: boolean }[] {
  const fields = config.fields;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((f: unknown) => {
    if (f === null || typeof f !== 'object') return [];
    const name: unknown = Reflect.get(f, 'name');
    const required: unknown = Reflect.get(f, 'required');
    return typeof name === 'string' ? [{ name, required: required !== false }] : [];
  });
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function scalar(v: unknown): string | number | boolean {
  return typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'string' ? v : JSON.stringify(v);
}
