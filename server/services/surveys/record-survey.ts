import { type Database, schema } from '@/db';
import type { EngineActivities } from '@/lib/contracts/engine-activities';
import { AppError } from '@/server/errors';
import { existingCitizenId } from '@/server/services/citizens/ids';
import { refuseForeignExecution } from '@/server/services/executions/execution-lifecycle';

const RANGES = { csat: [1, 5], nps: [0, 10] } as const;

export type RecordSurveyInput = Parameters<EngineActivities['recordSurvey']>[0];

/** Stores a satisfaction answer; one per execution and survey step, so a retry keeps the first. */
export async function recordSurvey(db: Database, input: RecordSurveyInput): Promise<void> {
  const [min, max] = RANGES[input.scale];
  if (!Number.isInteger(input.score) || input.score < min || input.score > max) {
    throw new AppError('INVALID_INPUT', `A ${input.scale} score is a whole number from ${min} to ${max}`);
  }
  await refuseForeignExecution(db, input);
  await db
    .insert(schema.surveyResponse)
    .values({
      organizationId: input.organizationId,
      executionId: input.executionId,
      stepId: input.stepId,
      scale: input.scale,
      score: input.score,
      citizenId: await existingCitizenId(db, input.citizenId),
    })
    .onConflictDoNothing({ target: [schema.surveyResponse.executionId, schema.surveyResponse.stepId] });
}
