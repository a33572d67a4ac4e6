import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { CampaignControl } from '@/lib/contracts/campaign';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { createCampaign } from '@/server/services/campaigns/campaigns';
import type { CampaignEngine } from '@/server/services/campaigns/lifecycle';
import { vaccinationReminder } from '@/workflows/dsl/templates/vaccination-reminder';
import { campaignActionHandler } from './handler';

const db = testDb();

describe('POST /api/v1/campaigns/{id}/{launch|pause|resume|cancel}', () => {
  let t: Tenant;
  let other: Tenant;
  let token = '';
  let otherToken = '';
  let campaignId = '';
  const started: string[] = [];
  const controls: CampaignControl[] = [];
  const engine: CampaignEngine = {
    start: async (input) => {
      started.push(input.campaignId);
      return { workflowId: `campaign-${input.campaignId}` };
    },
    control: async ({ control }) => {
      controls.push(control);
      return null;
    },
    state: async () => null,
  };
  const POST = campaignActionHandler(() => ({ db, engine }));
  const call = (id: string, action: string, opts: { auth?: string; key?: string; body?: string } = {}) =>
    POST(
      new Request(`http://localhost/api/v1/campaigns/${id}/${action}`, {
        method: 'POST',
        headers: {
          authorization: opts.auth ?? `Bearer ${token}`,
          ...(opts.key ? { 'idempotency-key': opts.key } : {}),
        },
        body: opts.body ?? '',
      }),
      { params: Promise.resolve({ campaignId: id, action }) },
    );
  const status = async (id: string) =>
    (await db.query.campaign.findFirst({ where: eq(schema.campaign.id, id) }))?.status;

  beforeAll(async () => {
    t = await createTenant(db, 'CampApi');
    other = await createTenant(db, 'CampApi2');
    const admin = callerFor(db, t, 'admin');
    const flow = await admin.flows.create({
      name: 'Recordatorio',
      kind: 'outbound_campaign',
      graph: vaccinationReminder({ queueId: t.queue.id, areaId: '', scheduleId: '' }),
    });
    await admin.flows.publish({ flowId: flow.id, note: '' });
    const row = await createCampaign(
      db,
      { organizationId: t.org.id, userId: t.members.admin.userId, requestId: 'r', source: 'ui' },
      { name: 'Por API', flowId: flow.id, purpose: 'vacunacion', audience: { listIds: [t.contactListId] } },
    );
    campaignId = row.id;
    token = (await admin.apiKeys.create({ name: 'Turnos' })).token;
    otherToken = (await callerFor(db, other, 'admin').apiKeys.create({ name: 'Ajeno' })).token;
  });
  afterAll(closeTestDb);

  it("answers 401 without a valid key and 404 for another organismo's campaign or an unknown action", async () => {
    expect((await call(campaignId, 'launch', { auth: '' })).status).toBe(401);
    expect(
      (await call(campaignId, 'launch', { auth: 'Bearer cauce_00000000_notarealkeynotarealkey' })).status,
    ).toBe(401);
    expect((await call(campaignId, 'launch', { auth: `Bearer ${otherToken}` })).status).toBe(404);
    expect((await call(t.campaignId, 'pause', { auth: `Bearer ${otherToken}` })).status).toBe(404);
    expect((await call(campaignId, 'explode')).status).toBe(404);
    expect((await call('not-a-uuid', 'launch')).status).toBe(404);
    expect(await status(campaignId)).toBe('draft');
    expect(await status(t.campaignId)).toBe('running');
    expect(started).toEqual([]);
  });

  it('launches, pauses and resumes with source api; an illegal move is 409', async () => {
    const launched = await call(campaignId, 'launch');
    expect(launched.status).toBe(200);
    expect(await launched.json()).toEqual({ id: campaignId, status: 'running' });
    expect(started).toEqual([campaignId]);
    expect((await call(campaignId, 'resume')).status).toBe(409);
    expect(await (await call(campaignId, 'pause')).json()).toMatchObject({ status: 'paused' });
    expect(await (await call(campaignId, 'resume')).json()).toMatchObject({ status: 'running' });
    const events = await db
      .select()
      .from(schema.campaignEvent)
      .where(eq(schema.campaignEvent.campaignId, campaignId))
      .orderBy(schema.campaignEvent.id);
    const moves = events.filter((e) => ['launched', 'paused', 'resumed', 'list_used'].includes(e.type));
    expect(moves.map((e) => [e.type, e.source, e.actorUserId])).toEqual([
      ['list_used', 'api', null],
      ['launched', 'api', null],
      ['paused', 'api', null],
      ['resumed', 'api', null],
    ]);
    expect(moves.every((e) => typeof e.data.apiKeyId === 'string')).toBe(true);
  });

  it('answers a retry with an Idempotency-Key with the first answer and moves the campaign once', async () => {
    const before = controls.length;
    const first = await call(campaignId, 'pause', { key: 'pause-1' });
    expect(first.status).toBe(200);
    const retry = await call(campaignId, 'pause', { key: 'pause-1' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual({ id: campaignId, status: 'paused' });
    expect(controls.length).toBe(before + 1);
    // The same key for another action is another request.
    expect((await call(campaignId, 'resume', { key: 'pause-1' })).status).toBe(422);
    expect(await status(campaignId)).toBe('paused');
    expect((await call(campaignId, 'cancel', { key: 'x'.repeat(256) })).status).toBe(400);
  });

  it('says what an incomplete campaign lacks', async () => {
    const row = await createCampaign(
      db,
      { organizationId: t.org.id, userId: null, requestId: 'r', source: 'api' },
      { name: 'Incompleta' },
    );
    const res = await call(row.id, 'launch');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: 'campaign_incomplete',
      details: { missing: ['flow', 'audience', 'purpose'] },
    });
  });
});
