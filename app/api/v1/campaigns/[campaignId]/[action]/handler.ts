import { NextResponse } from 'next/server';
import { z } from 'zod';
import type { Database } from '@/db';
import { settings } from '@/server/env';
import { AppError } from '@/server/errors';
import { type ApiAnswer, answerOnce } from '@/server/http/idempotent-answer';
import { readCappedText } from '@/server/http/read-body';
import { type Logger, logger } from '@/server/logger';
import { requestIdFrom } from '@/server/request-id';
import { authenticateApiKey } from '@/server/services/api-keys/api-keys';
import { idempotencyRequestHash, isIdempotencyKey } from '@/server/services/api-keys/idempotency';
import type { CampaignActor } from '@/server/services/campaigns/campaigns';
import { type CampaignEngine, controlCampaign, launchCampaign } from '@/server/services/campaigns/lifecycle';
import { consumeThrottle } from '@/server/services/throttle/throttle';

export const CAMPAIGN_API_ACTIONS = ['launch', 'pause', 'resume', 'cancel'] as const;
type Action = (typeof CAMPAIGN_API_ACTIONS)[number];

const STATUS: Partial<Record<string, number>> = {
  NOT_FOUND: 404,
  CAMPAIGN_BAD_TRANSITION: 409,
  CAMPAIGN_INCOMPLETE: 409,
  DIALING_MODE_UNAVAILABLE: 409,
  FLOW_NOT_PUBLISHED: 409,
  WRONG_TRIGGER: 409,
  LIST_NOT_READY: 409,
  NO_LLAME_MISSING: 409,
  NO_LLAME_STALE: 409,
  CAMPAIGN_ENGINE_UNAVAILABLE: 503,
};

type Answer = ApiAnswer;
export type CampaignApiDeps = { db: Database; engine: CampaignEngine };

/**
 * POST /api/v1/campaigns/{id}/{launch|pause|resume|cancel} with `Authorization: Bearer <API key>`:
 * the organismo's key moves its campaign (another organismo's id is 404), recorded with source 'api'.
 * The same rate limit and Idempotency-Key handling as the flows API.
 */
export function campaignActionHandler(depsOf: () => CampaignApiDeps) {
  return async (
    request: Request,
    { params }: { params: Promise<{ campaignId: string; action: string }> },
  ) => {
    const requestId = requestIdFrom(request.headers);
    const headers = { 'x-request-id': requestId };
    const log = logger.child({ requestId, path: 'api/v1/campaigns' });
    const deps = depsOf();
    const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    const key = await authenticateApiKey(deps.db, token);
    if (!key) return NextResponse.json({ error: 'invalid_api_key' }, { status: 401, headers });
    const max = settings().API_RATE_LIMIT_PER_MINUTE;
    const limit = await consumeThrottle(deps.db, `api:${key.keyId}`, { max, windowMs: 60_000 });
    if (!limit.allowed) {
      return NextResponse.json(
        { error: 'rate_limited', message: `This API key may make ${max} requests per minute` },
        { status: 429, headers: { ...headers, 'retry-after': String(limit.retryAfterSeconds) } },
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
    const { campaignId, action } = await params;
    const known = CAMPAIGN_API_ACTIONS.find((a) => a === action);
    if (!known || !z.uuid().safeParse(campaignId).success) {
      return NextResponse.json({ error: 'not_found' }, { status: 404, headers });
    }
    const text = await readCappedText(request, settings().MAX_API_BODY_BYTES);
    if (!text.ok) return NextResponse.json({ error: 'body_too_large' }, { status: 413, headers });
    const actor: CampaignActor = {
      organizationId: key.organizationId,
      userId: null,
      requestId,
      source: 'api',
      apiKeyId: key.keyId,
    };
    const act = () => actionAnswer(deps, actor, { campaignId, action: known }, log);
    if (idempotencyKey === null) {
      const answer = await act();
      return NextResponse.json(answer.body, { status: answer.status, headers });
    }
    const scope = { organizationId: key.organizationId, apiKeyId: key.keyId, key: idempotencyKey };
    const hash = idempotencyRequestHash({ flowId: `campaign:${campaignId}:${known}`, body: text.text });
    return answerOnce(deps.db, { scope, hash, headers }, act);
  };
}

/** The campaign's new status (200), or a 4xx/503 the caller can act on; anything else is thrown. */
async function actionAnswer(
  deps: CampaignApiDeps,
  actor: CampaignActor,
  args: { campaignId: string; action: Action },
  log: Logger,
): Promise<Answer> {
  try {
    const result =
      args.action === 'launch'
        ? await launchCampaign(deps, actor, args.campaignId)
        : await controlCampaign(deps, actor, { campaignId: args.campaignId, action: args.action });
    log.info(
      { organizationId: actor.organizationId, ...args, status: result.status },
      'campaign moved by API',
    );
    return { status: 200, body: { id: result.id, status: result.status } };
  } catch (err) {
    const status = err instanceof AppError ? STATUS[err.code] : undefined;
    if (err instanceof AppError && status) {
      return { status, body: { error: err.code.toLowerCase(), message: err.message, ...detailsOf(err) } };
    }
    throw err;
  }
}

function detailsOf(err: AppError): Record<string, unknown> {
  return Object.keys(err.details).length > 0 ? { details: err.details } : {};
}
