import { and, eq, gt } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { normalizePhone, withoutChannelPrefix } from '@/server/services/citizens/contact-address';
import { refuseForeignExecution } from '@/server/services/executions/execution-lifecycle';

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
  await refuseForeignExecution(db, args);
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

type ReplyWaiter = { executionId: string; workflowId: string };
/** The transaction the registration is consumed in: what `deliver` records beside it commits with it. */
type WaitTx = Pick<Database, 'update'>;

/**
 * Hands a message from `from` to the organismo's live waiter, if any. The registration is consumed
 * only when `deliver` succeeds (or reports that the execution is gone: `false`): the row stays locked
 * while `deliver` runs, so a concurrent message waits for the outcome, and a delivery that throws
 * (Temporal unreachable) rolls the consumption back so Twilio's retry finds the waiter again.
 * Returns the waiter the message reached, or null when there was none or it had ended.
 */
export async function deliverToReplyWaiter(
  db: Database,
  args: { organizationId: string; from: string },
  deliver: (waiter: ReplyWaiter, tx: WaitTx) => Promise<boolean>,
): Promise<ReplyWaiter | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(schema.replyWait)
      .where(
        and(
          eq(schema.replyWait.organizationId, args.organizationId),
          eq(schema.replyWait.address, replyAddress(args.from)),
          gt(schema.replyWait.expiresAt, new Date()),
        ),
      )
      .returning({ executionId: schema.replyWait.executionId, workflowId: schema.replyWait.workflowId });
    if (!row) return null;
    return (await deliver(row, tx)) ? row : null;
  });
}

/** Takes the live waiter for a message from `from` to the organismo, if any (it is consumed). */
export function takeReplyWaiter(
  db: Database,
  args: { organizationId: string; from: string },
): Promise<ReplyWaiter | null> {
  return deliverToReplyWaiter(db, args, async () => true);
}
