import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db';
import type { ExecutionInput } from '@/lib/contracts/execution';
import { closeTestDb, createTenant, type Tenant, testDb } from '@/scripts/test-setup/fixtures';
import { type SmtpSink, startSmtpSink } from '@/scripts/test-setup/smtp-sink';
import { sendMessage } from '@/server/services/messaging/send-message';
import { createActivities } from '@/workflows/activities';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { compileOrThrow, startEngineWorker } from '@/workflows/testing/engine-harness';
import { createSmtpAdapter, DEFAULT_SMTP_FROM, smtpSettingsFromEnv } from './smtp-adapter';

const db = testDb();
let sink: SmtpSink;
let t: Tenant;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTenant(db, 'Smtp');
});
afterAll(async () => {
  await sink.stop();
  await closeTestDb();
});

async function received(index: number) {
  await sink.waitFor(index + 1);
  const mail = sink.messages[index];
  if (!mail) throw new Error(`no mail #${index}`);
  return { envelope: mail.to, parsed: await simpleParser(mail.raw) };
}

describe('SMTP adapter over a real SMTP conversation', () => {
  it('sends text and HTML from the default sender, and records the row as sent', async () => {
    const adapter = createSmtpAdapter({ url: sink.url, from: DEFAULT_SMTP_FROM });
    const start = sink.messages.length;
    const result = await sendMessage(
      { db, channels: adapter },
      {
        organizationId: t.org.id,
        executionId: t.executionId,
        stepId: 'mail',
        idempotencyKey: `${t.executionId}:${randomUUID()}`,
        channel: 'email',
        to: 'Vecina@Example.com',
        subject: 'Tu turno del martes',
        body: 'Te esperamos a las 9:30.',
        html: '<p>Te esperamos a las <b>9:30</b>.</p>',
      },
    );
    expect(result.status).toBe('sent');
    const { envelope, parsed } = await received(start);
    expect(envelope).toEqual(['vecina@example.com']);
    expect(parsed.subject).toBe('Tu turno del martes');
    expect(parsed.text?.trim()).toBe('Te esperamos a las 9:30.');
    expect(parsed.html).toContain('<p>Te esperamos a las <b>9:30</b>.</p>');
    expect(parsed.from?.value).toEqual([{ address: 'no-reply@cauce.local', name: 'Cauce' }]);
    const row = await db.query.outboundMessage.findFirst({
      where: eq(schema.outboundMessage.id, result.messageId),
    });
    expect(row).toMatchObject({ adapter: 'smtp', status: 'sent', providerId: parsed.messageId });
  });

  it('a permanent refusal (5xx) is non-retryable', async () => {
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const address = refusing.server.address();
    const port = address && typeof address === 'object' ? address.port : 0;
    const adapter = createSmtpAdapter({ url: `smtp://127.0.0.1:${port}`, from: DEFAULT_SMTP_FROM });
    const failure = await adapter
      .sendEmail({
        organizationId: t.org.id,
        idempotencyKey: randomUUID(),
        to: 'nadie@example.com',
        subject: 'x',
        body: 'x',
      })
      .catch((err: unknown) => err);
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ nonRetryable: true, type: 'SMTP_550' });
  });

  it('reads SMTP_URL and SMTP_FROM', () => {
    expect(smtpSettingsFromEnv({})).toBeNull();
    expect(smtpSettingsFromEnv({ SMTP_URL: 'smtp://mail:25' })).toEqual({
      url: 'smtp://mail:25',
      from: DEFAULT_SMTP_FROM,
    });
    expect(
      smtpSettingsFromEnv({ SMTP_URL: 'smtp://mail:25', SMTP_FROM: 'Salud <salud@example.gob.ar>' }),
    ).toEqual({
      url: 'smtp://mail:25',
      from: 'Salud <salud@example.gob.ar>',
    });
  });
});

describe('send_email node → sendMessage activity → SMTP, end to end on a real worker', () => {
  it('escapes variables injected into the HTML template, keeps the text as written', async () => {
    const engine = await startEngineWorker(
      createActivities({
        db,
        channels: createSmtpAdapter({ url: sink.url, from: 'Salud <salud@example.gob.ar>' }),
      }),
    );
    try {
      const start = sink.messages.length;
      const program = compileOrThrow(emailGraph());
      const executionId = `smtp-${randomUUID()}`;
      const input: ExecutionInput = {
        executionId,
        organizationId: t.org.id,
        channel: 'api',
        timeZone: 'America/Argentina/Cordoba',
        variables: { input: { nombre: '<script>alert("x")</script> & Cía', email: 'ana@example.com' } },
      };
      const outcome = await engine.client.workflow.execute('runFlow', {
        taskQueue: engine.taskQueue,
        workflowId: executionId,
        args: [program, input],
      });
      expect(outcome).toMatchObject({ status: 'completed', outcome: 'mailed' });
      const { envelope, parsed } = await received(start);
      expect(envelope).toEqual(['ana@example.com']);
      expect(parsed.subject).toBe('Turno para <script>alert("x")</script> & Cía');
      expect(parsed.text?.trim()).toBe('Hola <script>alert("x")</script> & Cía');
      expect(parsed.html).toContain(
        '<p>Hola &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cía</p>',
      );
      expect(parsed.html).not.toContain('<script>');
      expect(parsed.from?.value).toEqual([{ address: 'salud@example.gob.ar', name: 'Salud' }]);
    } finally {
      await engine.stop();
    }
  });
});

function emailGraph(): FlowGraph {
  return {
    nodes: [
      {
        id: 'start',
        kind: 'trigger_api',
        position: { x: 0, y: 0 },
        config: {
          fields: [
            { name: 'nombre', required: true },
            { name: 'email', required: true },
          ],
        },
      },
      {
        id: 'mail',
        kind: 'send_email',
        position: { x: 0, y: 100 },
        config: {
          to: '{{input.email}}',
          subject: 'Turno para {{input.nombre}}',
          text: 'Hola {{input.nombre}}',
          html: '<p>Hola {{input.nombre}}</p>',
        },
      },
      { id: 'fin', kind: 'end', position: { x: 0, y: 200 }, config: { outcome: 'mailed' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'mail' },
      { id: 'e2', source: 'mail', sourcePort: 'sent', target: 'fin' },
    ],
    notes: [],
  };
}
