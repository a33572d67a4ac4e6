import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type RecordSurveyInput, recordSurvey } from './record-survey';

const db = testDb();
let t: Tenant;

beforeAll(async () => {
  t = await createTenant(db, 'Surveys');
});
afterAll(closeTestDb);

const input = (extra: Partial<RecordSurveyInput> = {}): RecordSurveyInput => ({
  organizationId: t.org.id,
  executionId: `exec-${randomUUID()}`,
  stepId: 'encuesta',
  scale: 'csat',
  score: 4,
  citizenId: null,
  ...extra,
});

const answers = (executionId: string) =>
  db.select().from(schema.surveyResponse).where(eq(schema.surveyResponse.executionId, executionId));

describe('recordSurvey', () => {
  it('stores an answer and keeps the first one when the step repeats', async () => {
    const req = input();
    await recordSurvey(db, req);
    await recordSurvey(db, { ...req, score: 1 });
    const rows = await answers(req.executionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ organizationId: t.org.id, stepId: 'encuesta', scale: 'csat', score: 4 });
  });

  it('keeps one answer per survey step of an execution', async () => {
    const req = input({ scale: 'nps', score: 0 });
    await recordSurvey(db, req);
    await recordSurvey(db, { ...req, stepId: 'encuesta_2', score: 10 });
    expect((await answers(req.executionId)).map((r) => r.score).sort()).toEqual([0, 10]);
  });

  it('refuses scores outside the scale', async () => {
    await expect(recordSurvey(db, input({ score: 0 }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(recordSurvey(db, input({ scale: 'nps', score: 11 }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(recordSurvey(db, input({ score: 3.5 }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
