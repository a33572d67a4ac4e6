import { and, desc, eq, type SQL } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { Refusal } from './outbox-row';
import { SEND_REFUSED } from './outbox-status';

export const OUTBOX_CHANNELS = ['sms', 'whatsapp', 'email', 'voice'] as const;

/** What flows sent (or skipped) for an organismo, newest first: the simulator's outbox and the send log. */
export async function listOutbox(
  db: Database,
  args: {
    organizationId: string;
    channel?: (typeof OUTBOX_CHANNELS)[number] | undefined;
    executionId?: string | undefined;
    limit: number;
  },
) {
  const filters: SQL[] = [eq(schema.outboundMessage.organizationId, args.organizationId)];
  if (args.channel) filters.push(eq(schema.outboundMessage.channel, args.channel));
  if (args.executionId) filters.push(eq(schema.outboundMessage.executionId, args.executionId));
  const rows = await db
    .select({
      id: schema.outboundMessage.id,
      channel: schema.outboundMessage.channel,
      adapter: schema.outboundMessage.adapter,
      to: schema.outboundMessage.to,
      subject: schema.outboundMessage.subject,
      body: schema.outboundMessage.body,
      status: schema.outboundMessage.status,
      error: schema.outboundMessage.error,
      executionId: schema.outboundMessage.executionId,
      createdAt: schema.outboundMessage.createdAt,
    })
    .from(schema.outboundMessage)
    .where(and(...filters))
    .orderBy(desc(schema.outboundMessage.createdAt))
    .limit(args.limit);
  return rows.map((row) => ({
    ...row,
    refusal: row.status === SEND_REFUSED ? refusalCode(row.error) : null,
  }));
}

/** Why a refused row was not sent (the code its `error` starts with: outbox-row.ts refusalError). */
function refusalCode(error: string | null): Refusal['code'] | null {
  const code = error?.split(':', 1)[0];
  return code === 'DESTINATION_NOT_ALLOWED' || code === 'SENDER_NOT_OWNED' ? code : null;
}
