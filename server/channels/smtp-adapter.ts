import 'server-only';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import type { ChannelAdapter } from './channel-adapter';

export const DEFAULT_SMTP_FROM = 'Cauce <no-reply@cauce.local>';

export type SmtpSettings = { url: string; from: string };

export function smtpSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): SmtpSettings | null {
  const url = env.SMTP_URL?.trim();
  if (!url) return null;
  return { url, from: env.SMTP_FROM?.trim() || DEFAULT_SMTP_FROM };
}

/**
 * Email over SMTP (nodemailer, pooled connections): the node's text and, when it has one, its HTML.
 * TLS and auth come from the URL (smtps://user:pass@host, ?ignoreTLS=true). A permanent refusal
 * (5xx: no such mailbox) is non-retryable; a 4xx or a dropped connection is retried by the activity.
 */
export function createSmtpAdapter(settings: SmtpSettings): ChannelAdapter {
  const transport = nodemailer.createTransport({ url: settings.url, pool: true });
  const unsupported = async (): Promise<never> => {
    throw ApplicationFailure.nonRetryable('SMTP only sends email', 'NOT_EMAIL');
  };
  return {
    name: 'smtp',
    sendEmail: async (msg) => {
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: msg.to,
          subject: msg.subject,
          text: msg.body,
          ...(msg.html === undefined ? {} : { html: msg.html }),
          // Lets a mailbox or a relay's log tie the mail back to the outbox row.
          headers: { 'X-Cauce-Message-Key': msg.idempotencyKey },
        });
        return { providerId: info.messageId, status: 'sent' };
      } catch (err) {
        const code = responseCode(err);
        if (code !== null && code >= 500) {
          const message = err instanceof Error ? err.message : String(err);
          throw ApplicationFailure.nonRetryable(
            `The mail server refused the message: ${message}`,
            `SMTP_${code}`,
          );
        }
        throw err;
      }
    },
    sendSms: unsupported,
    sendWhatsApp: unsupported,
    placeCall: unsupported,
  };
}

function responseCode(err: unknown): number | null {
  if (err === null || typeof err !== 'object') return null;
  const code: unknown = Reflect.get(err, 'responseCode');
  return typeof code === 'number' ? code : null;
}
