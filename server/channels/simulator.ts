import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { CallOutcome } from '@/lib/contracts/engine-activities';
import type { CallReceipt, ChannelAdapter, OutboundRef, SendReceipt } from './channel-adapter';

/**
 * Simulated outbound calls end by the destination's last four digits, so demos and tests can walk
 * every branch of a call flow: …0001 no answer, …0002 busy, …0003 answering machine (only when the
 * node asked for machine detection; a machine otherwise looks answered, as with Twilio), …0004
 * failed; any other number answers.
 */
export const SIMULATED_CALL_OUTCOMES: Readonly<Record<string, CallOutcome>> = {
  '0001': 'no_answer',
  '0002': 'busy',
  '0003': 'machine',
  '0004': 'failed',
};

export function simulatedCallOutcome(to: string, machineDetection: boolean): CallOutcome {
  const outcome = SIMULATED_CALL_OUTCOMES[to.replace(/\D/g, '').slice(-4)] ?? 'answered';
  return outcome === 'machine' && !machineDetection ? 'answered' : outcome;
}

/**
 * The adapter for local runs, tests and the editor's test phone: sends nothing and records each
 * message in outbound_message, which the app shows as the outbox.
 */
export function createSimulatorAdapter(db: Database): ChannelAdapter {
  const record = async (
    ref: OutboundRef,
    row: { channel: string; to: string; body: string; subject?: string; html?: string; status: string },
  ): Promise<string> => {
    const providerId = `SIM${randomUUID().replace(/-/g, '')}`;
    const values = {
      organizationId: ref.organizationId,
      executionId: ref.executionId ?? null,
      stepId: ref.stepId ?? null,
      idempotencyKey: ref.idempotencyKey,
      channel: row.channel,
      adapter: 'simulator',
      to: row.to,
      subject: row.subject ?? null,
      body: row.body,
      html: row.html ?? null,
      status: row.status,
      providerId,
    };
    // The engine inserts the row before calling an adapter (idempotency); other callers may not.
    await db
      .insert(schema.outboundMessage)
      .values(values)
      .onConflictDoUpdate({
        target: schema.outboundMessage.idempotencyKey,
        set: { adapter: 'simulator', status: row.status, providerId, error: null, updatedAt: sql`now()` },
      });
    return providerId;
  };
  const delivered = async (ref: OutboundRef, row: Parameters<typeof record>[1]): Promise<SendReceipt> => ({
    providerId: await record(ref, row),
    status: 'delivered',
  });

  const deliveredMany = async (
    channel: string,
    messages: readonly (OutboundRef & { to: string; body: string; subject?: string })[],
  ): Promise<SendReceipt[]> => {
    const claimed = messages.filter((m) => m.outboxId);
    const ids = new Map(claimed.map((m) => [m.outboxId, `SIM${randomUUID().replace(/-/g, '')}`]));
    for (let i = 0; i < claimed.length; i += 1000) {
      const values = claimed
        .slice(i, i + 1000)
        .map((m) => sql`(${m.outboxId ?? ''}::uuid, ${ids.get(m.outboxId) ?? null}, ${m.organizationId})`);
      await db.execute(sql`
        update outbound_message om
        set adapter = 'simulator', status = 'delivered', provider_id = v.provider_id, error = null, updated_at = now()
        from (values ${sql.join(values, sql`, `)}) as v(id, provider_id, organization_id)
        where om.id = v.id and om.organization_id = v.organization_id`);
    }
    // Messages without a claimed row are recorded one by one, as single sends are.
    return Promise.all(
      messages.map(async (m) => {
        const providerId = m.outboxId ? ids.get(m.outboxId) : undefined;
        if (providerId) return { providerId, status: 'delivered' as const };
        return delivered(m, {
          channel,
          to: m.to,
          body: m.body,
          ...(m.subject ? { subject: m.subject } : {}),
          status: 'delivered',
        });
      }),
    );
  };

  return {
    name: 'simulator',
    sendMany: deliveredMany,
    sendSms: (m) => delivered(m, { channel: 'sms', to: m.to, body: m.body, status: 'delivered' }),
    sendWhatsApp: (m) => delivered(m, { channel: 'whatsapp', to: m.to, body: m.body, status: 'delivered' }),
    sendEmail: (m) =>
      delivered(m, {
        channel: 'email',
        to: m.to,
        subject: m.subject,
        body: m.body,
        ...(m.html === undefined ? {} : { html: m.html }),
        status: 'delivered',
      }),
    placeCall: async (req): Promise<CallReceipt> => {
      const outcome = simulatedCallOutcome(req.to, req.machineDetection);
      const providerId = await record(req, { channel: 'voice', to: req.to, body: '', status: outcome });
      return { providerId, outcome };
    },
  };
}
