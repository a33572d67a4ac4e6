import { NextResponse } from 'next/server';
import { z } from 'zod';
import { settings } from '@/server/env';
import { AppError } from '@/server/errors';
import { type ApiAnswer, answerOnce } from '@/server/http/idempotent-answer';
import { readCappedText } from '@/server/http/read-body';
import { routeHandler } from '@/server/http/route-handler';
import { type Logger, logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';
import { authenticateApiKey } from '@/server/services/api-keys/api-keys';
import { idempotencyRequestHash, isIdempotencyKey } from '@/server/services/api-keys/idempotency';
import { engineDepsFromEnv } from '@/server/services/executions/engine-deps-from-env';
import { startApiExecution } from '@/server/services/executions/start-api-execution';
import type { EngineDeps } from '@/server/services/executions/start-execution';
import { consumeThrottle } from '@/server/services/throttle/throttle';

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

type Answer = ApiAnswer;
type Start = Parameters<typeof startApiExecution>[1];

/**
 * POST /api/v1/flows/{flowId}/executions with `Authorization: Bearer <API key>` and
 * `{ "input": { ... } }`: starts the flow's latest published version (or `version`). Each key may
 * make API_RATE_LIMIT_PER_MINUTE requests a minute (429 with Retry-After past it); with an
 * `Idempotency-Key` header a retry of the same request gets the first one's answer back (24 h).
 */
export const POST = routeHandler(
  'api/v1/executions',
  async (request: Request, { params }: { params: Promise<{ flowId: string }> }) => {
    const requestId = requestIdFrom(request.headers);
    const headers = { 'x-request-id': requestId };
    const log = logger.child({ requestId, path: 'api/v1/executions' });
    const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    const deps = engineDepsFromEnv();
    const key = await authenticateApiKey(deps.db, token);
    if (!key) return NextResponse.json({ error: 'invalid_api_key' }, { status: 401, headers });
    const max = settings().API_RATE_LIMIT_PER_MINUTE;
    const limit = await consumeThrottle(deps.db, `api:${key.keyId}`, { max, windowMs: 60_000 });
    if (!limit.allowed) {
      const retryAfter = String(limit.retryAfterSeconds);
      return NextResponse.json(
        { error: 'rate_limited', message: `This API key may make ${max} requests per minute` },
        { status: 429, headers: { ...headers, 'retry-after': retryAfter } },
      );
    }
    const idempotencyKey = request.headers.get('idempotency-key');
    if (idempotencyKey !== null && !isIdempotencyKey(idempotencyKey)) {
      return NextResponse.json(
        {
          error: 'invalid_idempotency_key',
          message: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
        },
        { status: 400, headers },
      );
    }
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
    const start: Start = {
      organizationId: key.organizationId,
      flowId,
      version: body.data.version,
      input: body.data.input,
    };
    if (idempotencyKey === null) {
      const answer = await startAnswer(deps, start, log);
      return NextResponse.json(answer.body, { status: answer.status, headers });
    }

    const scope = { organizationId: key.organizationId, apiKeyId: key.keyId, key: idempotencyKey };
    const hash = idempotencyRequestHash({ flowId, body: text.text });
    // The execution id comes from the claim, so a retry after a lost answer finds the same run.
    return answerOnce(deps.db, { scope, hash, headers }, (claimId) =>
      startAnswer(deps, { ...start, executionId: `api-${claimId}` }, log),
    );
  },
);

/** The answer the flow gives (201 or a 4xx the caller can act on); anything else is thrown. */
async function startAnswer(deps: EngineDeps, args: Start, log: Logger): Promise<Answer> {
  try {
    const started = await startApiExecution(deps, args);
    log.info(
      { organizationId: args.organizationId, flowId: args.flowId, executionId: started.executionId },
      'execution started by API',
    );
    return { status: 201, body: started };
  } catch (err) {
    const status = err instanceof AppError ? STATUS[err.code] : undefined;
    if (err instanceof AppError && status) {
      return { status, body: { error: err.code.toLowerCase(), message: err.message } };
    }
    throw err;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
