import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import {
  APP_ORIGIN,
  type TwilioRoute,
  type TwilioRoutes,
  twilioRequests,
  twilioRoutesFor,
} from '@/scripts/test-setup/twilio-webhook';
import { createActivities } from '@/workflows/activities';
import { startEngineWorker } from '@/workflows/testing/engine-harness';
import { ivrGraph } from '@/workflows/testing/graphs';
import { answerIncomingCall, type CallDeps, callWorkflowId, continueCall } from './call-turns';
import { NUMBER_UNAVAILABLE, SORRY_WAIT } from './caller-messages';
import { handleTwilioWebhook } from './twilio-webhook';
import { checkVoiceTwiml, verbsOf } from './twiml-check';

const db = testDb();
const BASE = 'https://cauce.test.gob.ar';
const TOKEN = randomBytes(16).toString('hex');

describe('Twilio voice webhooks: a live IVR call on the engine', () => {
  let t: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let routes: TwilioRoutes;
  const number = `+54342${randomInt(1_000_000, 9_999_999)}`;
  let restoreEnv = () => {};

  const request = twilioRequests(TOKEN);
  const newCall = (to = number) => ({
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    AccountSid: `AC${randomBytes(16).toString('hex')}`,
    From: '+5493425550101',
    To: to,
    CallStatus: 'in-progress',
    Direction: 'inbound',
  });
  const post = async (route: TwilioRoute, url: string, params: Record<string, string>) => {
    const res = await route(request(url, params));
    const xml = await res.text();
    return { res, xml, verbs: res.status === 200 ? verbsOf(xml) : [] };
  };
  const actionOf = (verbs: ReturnType<typeof verbsOf>) => {
    const action = verbs.find((v) => v.name === 'Gather')?.attributes.action;
    if (!action) throw new Error('no Gather action in the TwiML');
    return action;
  };

  beforeAll(async () => {
    engine = await startEngineWorker(createActivities({ db }));
    ({ routes, restore: restoreEnv } = await twilioRoutesFor({
      publicBaseUrl: BASE,
      authToken: TOKEN,
      taskQueue: engine.taskQueue,
    }));
    t = await createTenant(db, 'Voz');
    const flow = await callerFor(db, t, 'designer').flows.create({
      name: 'IVR Salud',
      kind: 'inbound_voice',
      graph: ivrGraph(),
    });
    await callerFor(db, t, 'designer').flows.publish({ flowId: flow.id, note: 'v1' });
    await callerFor(db, t, 'admin').flows.bind({ flowId: flow.id, type: 'voice_number', address: number });
  });
  afterAll(async () => {
    restoreEnv();
    await engine.stop();
    await closeTestDb();
  });

  it('drives a whole call: welcome and menu, 9 repeats, a replayed post gets the same TwiML, 1 says goodbye', async () => {
    const call = newCall();
    const first = await post(routes.voice, `${BASE}/api/twilio/voice`, call);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(checkVoiceTwiml(first.xml)).toEqual([]);
    expect(first.verbs.map((v) => v.name)).toEqual(['Say', 'Gather']);
    expect(first.verbs[0]?.text).toBe('Bienvenido al Ministerio de Salud.');
    expect(first.verbs[1]?.children[0]?.name).toBe('Say');
    expect(actionOf(first.verbs)).toBe(`${BASE}/api/twilio/gather?seq=1`);

    const repeat = await post(routes.gather, actionOf(first.verbs), { ...call, Digits: '9' });
    expect(checkVoiceTwiml(repeat.xml)).toEqual([]);
    expect(repeat.verbs.map((v) => v.name)).toEqual(['Gather']);
    expect(actionOf(repeat.verbs)).toBe(`${BASE}/api/twilio/gather?seq=2`);

    // Twilio retries a webhook it got no answer for: same update id, same answer, applied once.
    const replay = await post(routes.gather, actionOf(first.verbs), { ...call, Digits: '9' });
    expect(replay.xml).toBe(repeat.xml);

    const bye = await post(routes.gather, actionOf(repeat.verbs), { ...call, Digits: '1' });
    expect(checkVoiceTwiml(bye.xml)).toEqual([]);
    expect(bye.verbs.map((v) => [v.name, v.text])).toEqual([
      ['Say', 'Te enviamos un SMS con los turnos. ¡Gracias!'],
      ['Hangup', ''],
    ]);

    const result = await engine.client.workflow.getHandle(callWorkflowId(call.CallSid)).result();
    expect(result).toMatchObject({ status: 'completed', variables: { vars: { opcion: '1' } } });
    const row = await db.query.execution.findFirst({
      where: eq(schema.execution.id, callWorkflowId(call.CallSid)),
    });
    expect(row).toMatchObject({
      organizationId: t.org.id,
      channel: 'voice',
      status: 'completed',
      contactRef: '+5493425550101',
    });
  });

  it("takes Twilio's empty Gather result as no input: asks again, then says goodbye", async () => {
    const call = newCall();
    const first = await post(routes.voice, `${BASE}/api/twilio/voice`, call);
    const again = await post(routes.gather, actionOf(first.verbs), call);
    expect(checkVoiceTwiml(again.xml)).toEqual([]);
    expect(again.verbs.at(-1)?.name).toBe('Gather');
    const bye = await post(routes.gather, actionOf(again.verbs), call);
    expect(bye.verbs.map((v) => [v.name, v.text])).toEqual([
      ['Say', 'No pudimos entenderte. Hasta luego.'],
      ['Hangup', ''],
    ]);
  });

  it('ends the execution as hung_up when the status callback says the call completed mid-menu', async () => {
    const call = newCall();
    const first = await post(routes.voice, `${BASE}/api/twilio/voice`, call);
    expect(first.verbs.at(-1)?.name).toBe('Gather');
    const ringing = await post(routes.status, `${BASE}/api/twilio/status`, {
      ...call,
      CallStatus: 'ringing',
    });
    expect(ringing.res.status).toBe(200);
    expect(ringing.verbs).toEqual([]);
    const ended = await post(routes.status, `${BASE}/api/twilio/status`, {
      ...call,
      CallStatus: 'completed',
    });
    expect(ended.res.status).toBe(200);
    expect(checkVoiceTwiml(ended.xml)).toEqual([]);
    const result = await engine.client.workflow.getHandle(callWorkflowId(call.CallSid)).result();
    expect(result).toMatchObject({ status: 'completed', outcome: 'hung_up', lastStepId: 'menu' });
    const row = await db.query.execution.findFirst({
      where: eq(schema.execution.id, callWorkflowId(call.CallSid)),
    });
    expect(row).toMatchObject({ status: 'completed', outcome: 'hung_up' });
    // A late callback for a finished call is acknowledged and ignored.
    const late = await post(routes.status, `${BASE}/api/twilio/status`, { ...call, CallStatus: 'completed' });
    expect(late.res.status).toBe(200);
    expect(late.verbs).toEqual([]);
  });

  it('answers a call to an unknown number with a polite message and hangs up, starting nothing', async () => {
    const call = newCall('+543420000001');
    const answer = await post(routes.voice, `${BASE}/api/twilio/voice`, call);
    expect(answer.res.status).toBe(200);
    expect(checkVoiceTwiml(answer.xml)).toEqual([]);
    expect(answer.verbs.map((v) => [v.name, v.text, v.attributes.language ?? ''])).toEqual([
      ['Say', NUMBER_UNAVAILABLE, 'es-MX'],
      ['Hangup', '', ''],
    ]);
    await expect(
      engine.client.workflow.getHandle(callWorkflowId(call.CallSid)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('refuses unsigned, forged and replayed-with-a-different-body requests with 403, and starts nothing', async () => {
    const call = newCall();
    const voiceUrl = `${BASE}/api/twilio/voice`;
    expect((await routes.voice(request(voiceUrl, call, null))).status).toBe(403);
    expect((await routes.voice(request(voiceUrl, call, 'Zm9yZ2VkIHNpZ25hdHVyZQ=='))).status).toBe(403);
    const otherToken = twilio.getExpectedTwilioSignature('not-the-token', voiceUrl, call);
    expect((await routes.voice(request(voiceUrl, call, otherToken))).status).toBe(403);
    // Signed for the local URL instead of the public one Twilio knows.
    const local = twilio.getExpectedTwilioSignature(TOKEN, `${APP_ORIGIN}/api/twilio/voice`, call);
    expect((await routes.voice(request(voiceUrl, call, local))).status).toBe(403);
    await expect(
      engine.client.workflow.getHandle(callWorkflowId(call.CallSid)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const first = await post(routes.voice, voiceUrl, call);
    const gatherUrl = actionOf(first.verbs);
    const pressed1 = twilio.getExpectedTwilioSignature(TOKEN, gatherUrl, { ...call, Digits: '1' });
    const replayed = await routes.gather(request(gatherUrl, { ...call, Digits: '9' }, pressed1));
    expect(replayed.status).toBe(403);
    const wrongTurn = await routes.gather(
      request(gatherUrl.replace('seq=1', 'seq=2'), { ...call, Digits: '1' }, pressed1),
    );
    expect(wrongTurn.status).toBe(403);
    // The genuine request still works: the refused ones changed nothing.
    const genuine = await post(routes.gather, gatherUrl, { ...call, Digits: '9' });
    expect(actionOf(genuine.verbs)).toBe(`${BASE}/api/twilio/gather?seq=2`);
    await post(routes.status, `${BASE}/api/twilio/status`, { ...call, CallStatus: 'completed' });
    expect(await engine.client.workflow.getHandle(callWorkflowId(call.CallSid)).result()).toMatchObject({
      outcome: 'hung_up',
    });
  });

  it('answers 503 with a clear message when no Twilio auth token is configured', async () => {
    delete process.env.TWILIO_AUTH_TOKEN;
    try {
      const res = await routes.voice(request(`${BASE}/api/twilio/voice`, newCall()));
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/TWILIO_AUTH_TOKEN is not set.*test phone/s);
    } finally {
      process.env.TWILIO_AUTH_TOKEN = TOKEN;
    }
  });

  it('apologises and redirects when the engine is slow; the redirect gets the turn, with the answer carried', async () => {
    const call = newCall();
    const voiceUrl = `${BASE}/api/twilio/voice`;
    // No worker polls this queue yet: the first turn cannot be answered in time.
    const idleQueue = `idle-${randomUUID()}`;
    const slow: CallDeps = {
      db,
      temporal: async () => engine.client,
      taskQueue: idleQueue,
      turnTimeoutMs: 300,
    };
    const waited = await handleTwilioWebhook(request(voiceUrl, call), 'voice', (hook) =>
      answerIncomingCall(slow, hook),
    );
    const waitXml = await waited.text();
    expect(checkVoiceTwiml(waitXml)).toEqual([]);
    expect(verbsOf(waitXml).map((v) => [v.name, v.text])).toEqual([
      ['Say', SORRY_WAIT],
      ['Redirect', voiceUrl],
    ]);

    const late = await startEngineWorker(createActivities({ db }), idleQueue);
    try {
      const first = await post(routes.voice, voiceUrl, call);
      expect(first.verbs.map((v) => v.name)).toEqual(['Say', 'Gather']);

      // The answer times out too (1 ms); Twilio's redirect does not resend Digits, so the URL carries them.
      const hurried: CallDeps = { ...slow, turnTimeoutMs: 1 };
      const gatherUrl = actionOf(first.verbs);
      const timedOut = await handleTwilioWebhook(
        request(gatherUrl, { ...call, Digits: '1' }),
        'gather',
        (hook) => continueCall(hurried, hook),
      );
      const redirect = verbsOf(await timedOut.text()).find((v) => v.name === 'Redirect');
      expect(redirect?.text).toBe(`${gatherUrl}&Digits=1`);
      const retried = await post(routes.gather, redirect?.text ?? '', call);
      expect(retried.verbs.map((v) => [v.name, v.text])).toEqual([
        ['Say', 'Te enviamos un SMS con los turnos. ¡Gracias!'],
        ['Hangup', ''],
      ]);
      expect(await late.client.workflow.getHandle(callWorkflowId(call.CallSid)).result()).toMatchObject({
        status: 'completed',
        variables: { vars: { opcion: '1' } },
      });
    } finally {
      await late.stop();
    }
  });

  it('refuses a transfer abroad or from a caller id the organismo no longer has: the dial step fails with the reason', async () => {
    const transferTo = `+54342${randomInt(1_000_000, 9_999_999)}`;
    const callerId = `+54342${randomInt(1_000_000, 9_999_999)}`;
    const [own] = await db
      .insert(schema.phoneNumber)
      .values({ organizationId: t.org.id, number: callerId, kind: 'voice_sms' })
      .returning();
    // The flow transfers the caller to the number they called from (a variable, checked when dialled).
    const graph = {
      nodes: [
        { id: 'start', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
        {
          id: 'dial',
          kind: 'dial_number',
          position: { x: 0, y: 100 },
          config: { number: '{{call.from}}', callerId },
        },
        { id: 'end', kind: 'end', position: { x: 0, y: 200 }, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'dial' },
        { id: 'e2', source: 'dial', sourcePort: 'answered', target: 'end' },
      ],
      notes: [],
    };
    const flow = await callerFor(db, t, 'designer').flows.create({
      name: 'Derivar',
      kind: 'inbound_voice',
      graph,
    });
    await callerFor(db, t, 'designer').flows.publish({ flowId: flow.id, note: 'v1' });
    await callerFor(db, t, 'admin').flows.bind({
      flowId: flow.id,
      type: 'voice_number',
      address: transferTo,
    });
    const dialled = async (from: string) => {
      const call = { ...newCall(transferTo), From: from };
      const first = await post(routes.voice, `${BASE}/api/twilio/voice`, call);
      expect(checkVoiceTwiml(first.xml)).toEqual([]);
      return { call, first };
    };

    // Within Argentina, from the organismo's own number: Twilio is asked to dial.
    const allowed = await dialled('+5493425550101');
    expect(allowed.first.verbs.map((v) => [v.name, v.text, v.attributes.callerId])).toEqual([
      ['Dial', '+5493425550101', callerId],
    ]);

    const refusal = async (from: string, status: string) => {
      const { call, first } = await dialled(from);
      const redirect = first.verbs.find((v) => v.name === 'Redirect');
      expect(first.verbs.map((v) => v.name)).toEqual(['Redirect']);
      expect(new URL(redirect?.text ?? '').searchParams.get('DialCallStatus')).toBe(status);
      // Twilio follows the redirect: the step takes its failed port (left open: the call ends).
      const next = await post(routes.gather, redirect?.text ?? '', call);
      expect(next.verbs.map((v) => v.name)).toEqual(['Hangup']);
      const result = await engine.client.workflow.getHandle(callWorkflowId(call.CallSid)).result();
      expect(result).toMatchObject({ status: 'completed', variables: { vars: { dial_status: status } } });
    };
    await refusal('+5511987654321', 'destination_not_allowed');
    await db.delete(schema.phoneNumber).where(eq(schema.phoneNumber.id, own?.id ?? ''));
    await refusal('+5493425550101', 'caller_id_not_owned');
  });
});
