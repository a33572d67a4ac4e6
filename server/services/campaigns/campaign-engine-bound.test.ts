import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataConverter } from '@/workflows/client';
import { CONTROL_TIMEOUT_MS, STATE_TIMEOUT_MS, temporalCampaignEngine } from './lifecycle';

// The real Temporal, with no worker on the task queue: a campaign workflow that nothing runs.
describe('the campaign engine on Temporal', () => {
  let connection: Connection;
  let client: Client;
  const taskQueue = `campaign-bound-${randomUUID()}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, dataConverter: dataConverter() });
  });
  afterAll(async () => {
    await connection.close();
  });

  const engine = () => temporalCampaignEngine({ temporal: async () => client, taskQueue });

  it('answers null for a campaign whose workflow does not exist or has ended, so the status is settled', async () => {
    const campaignId = randomUUID();
    expect(await engine().control({ campaignId, control: { action: 'pause' } })).toBeNull();
    await engine().start({ campaignId, organizationId: 'org' });
    await client.workflow.getHandle(`campaign-${campaignId}`).terminate('test');
    expect(await engine().control({ campaignId, control: { action: 'pause' } })).toBeNull();
  });

  it('gives up on a workflow that never takes the update instead of hanging the request', async () => {
    const campaignId = randomUUID();
    await engine().start({ campaignId, organizationId: 'org' });
    const started = Date.now();
    const err = await engine()
      .control({ campaignId, control: { action: 'pause' } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ code: 'CAMPAIGN_ENGINE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(CONTROL_TIMEOUT_MS + 5_000);
    // The progress page's query of its state does not hang either: it reads as not running.
    const asked = Date.now();
    expect(await engine().state(campaignId)).toBeNull();
    expect(Date.now() - asked).toBeLessThan(STATE_TIMEOUT_MS + 3_000);
    await client.workflow.getHandle(`campaign-${campaignId}`).terminate('test');
  }, 30_000);
});
