import { and, eq, gt } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { normalizePhone, withoutChannelPrefix } from '@/server/services/citizens/contact-address';

/** Normalises a sender for matching: E.164 for phones (a `whatsapp:` prefix dropped), else trimmed. */
function replyAddress(raw: string): string {
  const value = withoutChannelPrefix(raw);
  return normalizePhone(value) ?? value.toLowerCase();
}

/** Registers (or refreshes) the execution that waits for the next message from an address. */
export async function expectReply(
  db: Database,
  args: {
    organizationId: string;
    address: string;
    executionId: string;
    workflowId: string;
    timeoutMs: number;
  },
): Promise<void> {
  const address = replyAddress(args.address);
  if (!address) return;
  const expiresAt = new Date(Date.now() + args.timeoutMs);
  await db
    .insert(schema.replyWait)
    .values({
      organizationId: args.organizationId,
      address,
      executionId: args.executionId,
      workflowId: args.workflowId,
      expiresAt,
    })
    .onConflictDoUpdate({
      target: [schema.replyWait.organizationId, schema.replyWait.address],
      set: { executionId: args.executionId, workflowId: args.workflowId, expiresAt, createdAt: new Date() },
    });
}

/** Takes the live waiter for a message from `from` to the organismo, if any (it is consumed). */
export async function takeReplyWaiter(
  db: Database,
  args: { organizationId: string; from: string },
): Promise<{ executionId: string; workflowId: string } | null> {
  const [row] = await db
    .delete(schema.replyWait)
    .where(
      and(
        eq(schema.replyWait.organizationId, args.organizationId),
        eq(schema.replyWait.address, replyAddress(args.from)),
        gt(schema.replyWait.expiresAt, new Date()),
      ),
    )
    .returning({ executionId: schema.replyWait.executionId, workflowId: schema.replyWait.workflowId });
  return row ?? null;
}
