import { SMTPServer } from 'smtp-server';

export type SmtpSink = {
  url: string;
  /** Raw RFC 5322 messages in arrival order, with the envelope recipients. */
  messages: { to: string[]; raw: Buffer }[];
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A local SMTP server that accepts everything (no AUTH, no STARTTLS) and keeps what it receives,
 * so tests send real mail over a real SMTP conversation and parse what arrived.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // Senders keep pooled connections open; stopping the sink should not wait 30 s for them.
    closeTimeout: 200,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        for (const w of waiters.filter((w) => messages.length >= w.count)) w.resolve();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('smtp sink has no port');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (messages.length >= count) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`only ${messages.length} of ${count} mails arrived`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
