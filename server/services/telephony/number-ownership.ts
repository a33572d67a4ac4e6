import { and, eq, inArray, like, ne, or } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';

/**
 * Refuses a number another organismo registered or bound to a flow: a number has one owner on the
 * platform (its calls and messages start that organismo's flows, its webhooks use that account).
 */
export async function assertNumberFree(db: Pick<Database, 'select'>, organizationId: string, number: string) {
  const [registered] = await db
    .select({ id: schema.phoneNumber.id })
    .from(schema.phoneNumber)
    .where(and(eq(schema.phoneNumber.number, number), ne(schema.phoneNumber.organizationId, organizationId)))
    .limit(1);
  const [bound] = await db
    .select({ id: schema.flowBinding.id })
    .from(schema.flowBinding)
    .where(and(bindingsOf(number), ne(schema.flowBinding.organizationId, organizationId)))
    .limit(1);
  if (registered || bound) throw new AppError('NUMBER_TAKEN', 'That number belongs to another organismo');
}

/** Bindings that name the number: calls to it, messages to it, keywords sent to it. */
export function bindingsOf(number: string) {
  const escaped = number.replace(/[\\%_]/g, '\\$&');
  return or(
    and(
      inArray(schema.flowBinding.type, ['voice_number', 'message_number']),
      eq(schema.flowBinding.address, number),
    ),
    and(eq(schema.flowBinding.type, 'keyword'), like(schema.flowBinding.address, `${escaped}:%`)),
  );
}
