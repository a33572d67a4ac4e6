import { NextResponse } from 'next/server';
import { z } from 'zod';
import { settings } from '@/server/env';
import { AppError } from '@/server/errors';
import { readCappedText } from '@/server/http/read-body';
import { logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';
import { authenticateApiKey } from '@/server/services/api-keys/api-keys';
import { engineDepsFromEnv } from '@/server/services/executions/engine-deps-from-env';
import { startApiExecution } from '@/server/services/executions/start-api-execution';

export const dynamic = 'force-dynamic';

const ZBody = z.object({
  input: z.record(z.string().max(64), z.union([z.string().max(5000), z.number(), z.boolean()])).default({}),
  version: z.number().int().min(1).optional(),
});

const STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  FLOW_NOT_PUBLISHED: 409,
  WRONG_TRIGGER: 409,
  INVALID_INPUT: 400,
};

/**
 * POST /api/v1/flows/{flowId}/executions with `Authorization: Bearer <API key>` and
 * `{ "input": { ... } }`: starts the flow's latest published version (or `version`).
 */
export async function POST(request: Request, { params }: { params: Promise<{ flowId: string }> }) {
  const requestId = requestIdFrom(request.headers);
  const headers = { 'x-request-id': requestId };
  const log = logger.child({ requestId, path: 'api/v1/executions' });
  const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  const deps = engineDepsFromEnv();
  const key = await authenticateApiKey(deps.db, token);
  if (!key) return NextResponse.json({ error: 'invalid_api_key' }, { status: 401, headers });
  const { flowId } = await params;
  if (!z.uuid().safeParse(flowId).success)
    return NextResponse.json({ error: 'not_found' }, { status: 404, headers });
  const text = await readCappedText(request, settings().MAX_API_BODY_BYTES);
  if (!text.ok) return NextResponse.json({ error: 'body_too_large' }, { status: 413, headers });
  const body = ZBody.safeParse(parseJson(text.text));
  if (!body.success) {
    return NextResponse.json(
      { error: 'invalid_body', issues: z.flattenError(body.error) },
      { status: 400, headers },
    );
  }
  try {
    const started = await startApiExecution(deps, {
      organizationId: key.organizationId,
      flowId,
      version: body.data.version,
      input: body.data.input,
    });
    log.info(
      { organizationId: key.organizationId, flowId, executionId: started.executionId },
      'execution started by API',
    );
    return NextResponse.json(started, { status: 201, headers });
  } catch (err) {
    if (err instanceof AppError && STATUS[err.code]) {
      return NextResponse.json(
        { error: err.code.toLowerCase(), message: err.message },
        { status: STATUS[err.code], headers },
      );
    }
    log.error({ err }, 'could not start execution');
    return NextResponse.json({ error: 'internal_error' }, { status: 500, headers });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
