import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { schema } from '@/db';
import { callerFor, closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type TwilioRoutes, twilioRequests, twilioRoutesFor } from '@/scripts/test-setup/twilio-webhook';
import { serveRecordingAudio } from '@/server/api/callers/recording-audio';
import { createCaller } from '@/server/api/routers/root';
import { createContext } from '@/server/api/trpc';
import { signCallbackToken } from '@/server/channels/callback-token';
import { verbsOf } from '@/server/services/calls/twiml-check';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';
import { startEngineWorker } from '@/workflows/testing/engine-harness';

const db = testDb();
const BASE = 'https://cauce.test.gob.ar';
const TOKEN = randomBytes(16).toString('hex');
const ACCOUNT = `AC${randomBytes(16).toString('hex')}`;
const AUDIO = Buffer.from('ID3-fake-mp3-bytes-for-the-proxy-test');

function node(id: string, kind: string, config: Record<string, unknown> = {}): GraphNode {
  return { id, kind, position: { x: 0, y: 0 }, config };
}

/** An after-hours line: the caller leaves a message, which the flow then thanks them for. */
const voicemailGraph: FlowGraph = {
  nodes: [
    node('start', 'trigger_incoming_call'),
    node('mensaje', 'record_voicemail', {
      prompt: 'Dejá tu mensaje después del tono.',
      maxLengthSeconds: 60,
    }),
    node('gracias', 'hang_up', { goodbye: 'Gracias, te llamamos mañana.' }),
    node('nada', 'hang_up', { goodbye: 'No recibimos tu mensaje.' }),
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'mensaje' },
    { id: 'e2', source: 'mensaje', sourcePort: 'recorded', target: 'gracias' },
    { id: 'e3', source: 'mensaje', sourcePort: 'no_recording', target: 'nada' },
  ],
  notes: [],
};

/** Stands in for api.twilio.com's recording media: basic auth with the account's token, ranges. */
function mediaStub() {
  const requests: { url: string; range: string | undefined }[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', range: req.headers.range });
    const expected = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"code":20003,"message":"Authenticate"}');
      return;
    }
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      res.writeHead(206, {
        'content-type': 'audio/mpeg',
        'content-range': `bytes ${from}-${to}/${AUDIO.length}`,
        'accept-ranges': 'bytes',
      });
      res.end(AUDIO.subarray(from, to + 1));
      return;
    }
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(AUDIO.length) });
    res.end(AUDIO);
  });
  return { server, requests };
}

describe('call recordings: Twilio callback, listing, audio proxy, citizen history', () => {
  let a: Tenant;
  let b: Tenant;
  let engine: Awaited<ReturnType<typeof startEngineWorker>>;
  let routes: TwilioRoutes;
  let media: ReturnType<typeof mediaStub>;
  let mediaUrl = '';
  const number = `+54342${randomInt(1_000_000, 9_999_999)}`;
  const callerPhone = `+549342${randomInt(1_000_000, 9_999_999)}`;
  let restoreEnv = () => {};

  const request = twilioRequests(TOKEN);
  const session = (t: Tenant, who: keyof Tenant['members'], org = t.org.id) => ({
    id: randomUUID(),
    userId: t.members[who].userId,
    activeOrganizationId: org,
  });

  /** A call that left a message: returns the execution and the recording callback Twilio would post. */
  const callAndRecord = async () => {
    const call = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: ACCOUNT,
      From: callerPhone,
      To: number,
      CallStatus: 'in-progress',
      Direction: 'inbound',
    };
    const first = await routes.voice(request(`${BASE}/api/twilio/voice`, call));
    const verbs = verbsOf(await first.text());
    const record = verbs.find((v) => v.name === 'Record');
    expect(record?.attributes).toMatchObject({
      recordingStatusCallbackMethod: 'POST',
      recordingStatusCallbackEvent: 'completed',
    });
    const callbackUrl = record?.attributes.recordingStatusCallback ?? '';
    expect(callbackUrl.startsWith(`${BASE}/api/twilio/recording?ref=`)).toBe(true);
    const recordingSid = `RE${randomBytes(16).toString('hex')}`;
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${recordingSid}`;
    const bye = await routes.gather(
      request(record?.attributes.action ?? '', {
        ...call,
        RecordingUrl: recordingUrl,
        RecordingDuration: '14',
      }),
    );
    expect(verbsOf(await bye.text()).map((v) => v.text)).toContain('Gracias, te llamamos mañana.');
    const params = {
      AccountSid: ACCOUNT,
      CallSid: call.CallSid,
      RecordingSid: recordingSid,
      RecordingUrl: recordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '14',
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
    };
    return { executionId: `call-${call.CallSid}`, callbackUrl, params, recordingSid };
  };

  beforeAll(async () => {
    media = mediaStub();
    await new Promise<void>((resolve) => media.server.listen(0, '127.0.0.1', resolve));
    const address = media.server.address();
    mediaUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    engine = await startEngineWorker(createActivities({ db }));
    ({ routes, restore: restoreEnv } = await twilioRoutesFor({
      publicBaseUrl: BASE,
      authToken: TOKEN,
      taskQueue: engine.taskQueue,
    }));
    a = await createTenant(db, 'Grabaciones');
    b = await createTenant(db, 'Otro');
    const flow = await callerFor(db, a, 'designer').flows.create({
      name: 'Fuera de horario',
      kind: 'inbound_voice',
      graph: voicemailGraph,
    });
    await callerFor(db, a, 'designer').flows.publish({ flowId: flow.id, note: 'v1' });
    await callerFor(db, a, 'admin').flows.bind({ flowId: flow.id, type: 'voice_number', address: number });
    await db.insert(schema.citizen).values({ firstName: 'Rosa', lastName: 'Acosta', phones: [callerPhone] });
  });
  afterAll(async () => {
    restoreEnv();
    await engine.stop();
    await new Promise<void>((resolve) => media.server.close(() => resolve()));
    await closeTestDb();
  });

  it('refuses forged recording callbacks with 403, stores a valid one once and lists it', async () => {
    const rec = await callAndRecord();
    const stored = () =>
      db.select().from(schema.callRecording).where(eq(schema.callRecording.recordingSid, rec.recordingSid));
    expect((await routes.recording(request(rec.callbackUrl, rec.params, null))).status).toBe(403);
    expect((await routes.recording(request(rec.callbackUrl, rec.params, 'Zm9yZ2Vk'))).status).toBe(403);
    // Validly signed by a Twilio account, but naming an execution Cauce did not sign for.
    const otherRef = signCallbackToken('outbound-call', [a.executionId, 'mensaje', number]);
    const forgedUrl = `${BASE}/api/twilio/recording?ref=${encodeURIComponent(otherRef)}`;
    expect((await routes.recording(request(forgedUrl, rec.params))).status).toBe(403);
    const tampered = rec.callbackUrl.replace(/ref=[^&]+/, (m) => `${m.slice(0, -3)}AAA`);
    expect((await routes.recording(request(tampered, rec.params))).status).toBe(403);
    expect(await stored()).toEqual([]);

    expect((await routes.recording(request(rec.callbackUrl, rec.params))).status).toBe(204);
    expect((await routes.recording(request(rec.callbackUrl, rec.params))).status).toBe(204);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    const citizen = await db.query.citizen.findFirst({ where: eq(schema.citizen.lastName, 'Acosta') });
    expect(rows[0]).toMatchObject({
      organizationId: a.org.id,
      executionId: rec.executionId,
      stepId: 'mensaje',
      source: 'twilio',
      accountSid: ACCOUNT,
      ownNumber: number,
      durationSeconds: 14,
      citizenId: citizen?.id,
    });

    const listed = await callerFor(db, a, 'agent').recordings.list({ executionId: rec.executionId });
    expect(listed).toEqual([
      expect.objectContaining({
        source: 'twilio',
        durationSeconds: 14,
        stepId: 'mensaje',
        audioPath: `/api/recordings/${rows[0]?.id}/audio`,
      }),
    ]);
    await expect(
      callerFor(db, a, 'designer').recordings.list({ executionId: rec.executionId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      callerFor(db, b, 'all').recordings.list({ executionId: rec.executionId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // A call that ended before anything was recorded: Twilio reports 'absent', nothing is stored.
    const absent = {
      ...rec.params,
      RecordingSid: `RE${randomBytes(16).toString('hex')}`,
      RecordingStatus: 'absent',
    };
    expect((await routes.recording(request(rec.callbackUrl, absent))).status).toBe(204);
    expect(await callerFor(db, a, 'agent').recordings.list({ executionId: rec.executionId })).toHaveLength(1);
  });

  it('streams the audio from the owning account to its organismo only, ranges included', async () => {
    const rec = await callAndRecord();
    await routes.recording(request(rec.callbackUrl, rec.params));
    const row = await db.query.callRecording.findFirst({
      where: eq(schema.callRecording.recordingSid, rec.recordingSid),
    });
    const recordingId = row?.id ?? '';
    const serve = (s: ReturnType<typeof session> | null, range: string | null = null) =>
      serveRecordingAudio({ db, session: s, apiBaseUrl: mediaUrl }, { recordingId, range });

    const full = await serve(session(a, 'agent'));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('audio/mpeg');
    expect(full.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(AUDIO);
    expect(media.requests.at(-1)?.url).toBe(
      `/2010-04-01/Accounts/${ACCOUNT}/Recordings/${rec.recordingSid}.mp3`,
    );
    const part = await serve(session(a, 'supervisor'), 'bytes=0-3');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-3/${AUDIO.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(AUDIO.subarray(0, 4));

    const before = media.requests.length;
    // Another organismo (even with every role), a forged session, no session, a role that may not listen.
    expect((await serve(session(b, 'all'))).status).toBe(404);
    expect((await serve(session(b, 'all', a.org.id))).status).toBe(403);
    expect((await serve(null)).status).toBe(401);
    expect((await serve(session(a, 'designer'))).status).toBe(403);
    expect(media.requests.length).toBe(before);
    // A simulated recording has no audio to stream.
    const simulated = await serveRecordingAudio(
      { db, session: session(a, 'admin'), apiBaseUrl: mediaUrl },
      { recordingId: a.recordingId, range: null },
    );
    expect(simulated.status).toBe(404);
  });

  it("shows the citizen's history with this organismo only, with recordings", async () => {
    const rec = await callAndRecord();
    await routes.recording(request(rec.callbackUrl, rec.params));
    const citizen = await db.query.citizen.findFirst({ where: eq(schema.citizen.lastName, 'Acosta') });
    const id = citizen?.id ?? '';
    // The goodbye is answered first; the execution is closed right after it.
    const mine = await vi.waitFor(
      async () => {
        const history = await callerFor(db, a, 'agent').citizens.history({ id });
        const call = history.interactions.find((i) => i.executionId === rec.executionId);
        expect(call).toMatchObject({ channel: 'voice', flowName: 'Fuera de horario', status: 'completed' });
        return history;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(mine.citizen).toMatchObject({ firstName: 'Rosa', lastName: 'Acosta', phones: [callerPhone] });
    const interaction = mine.interactions.find((i) => i.executionId === rec.executionId);
    expect(interaction?.recordings.map((r) => r.durationSeconds)).toEqual([14]);
    expect(
      await callerFor(db, a, 'supervisor').citizens.ofExecution({ executionId: rec.executionId }),
    ).toEqual({
      id,
      name: 'Rosa Acosta',
    });
    const theirs = await callerFor(db, b, 'all').citizens.history({ id });
    expect(theirs.interactions).toEqual([]);
    await expect(callerFor(db, a, 'designer').citizens.history({ id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(callerFor(db, a, 'agent').citizens.history({ id: randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('the test phone leaves a simulated recording: stored without audio, the flow goes on recorded', async () => {
    const [flow] = await db
      .insert(schema.flow)
      .values({ organizationId: a.org.id, name: `Prueba ${randomUUID().slice(0, 6)}`, draft: voicemailGraph })
      .returning({ id: schema.flow.id });
    const designer = createCaller(
      createContext({
        db,
        session: session(a, 'designer'),
        temporal: async () => engine.client,
        taskQueue: engine.taskQueue,
      }),
    );
    const started = await designer.testRuns.start({ flowId: flow?.id ?? '' });
    expect(started.turn?.instructions.map((i) => i.type)).toEqual(['say', 'record']);
    const bye = await designer.testRuns.turn({
      executionId: started.executionId,
      seq: 1,
      recordingSeconds: 9,
    });
    expect(bye).toMatchObject({ ended: true });
    expect(bye.instructions).toContainEqual(
      expect.objectContaining({ text: 'Gracias, te llamamos mañana.' }),
    );
    const listed = await callerFor(db, a, 'admin').recordings.list({ executionId: started.executionId });
    expect(listed).toEqual([
      expect.objectContaining({
        source: 'simulator',
        durationSeconds: 9,
        stepId: 'mensaje',
        audioPath: null,
      }),
    ]);
  });
});
