import { WorkflowNotFoundError } from '@temporalio/client';
import { and, eq, inArray, like, or } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import { type Database, schema } from '@/db';
import type { InboundMessageRow } from '@/db/schema';
import type { InboundMessage } from '@/lib/contracts/execution';
import { within } from '@/lib/within';
import esAR from '@/server/i18n/messages/es-AR.json';
import { resolveBinding } from '@/server/services/bindings/bindings';
import { signerMayTouch } from '@/server/services/calls/auth-token';
import { normalizePhone, withoutChannelPrefix } from '@/server/services/citizens/contact-address';
import { type EngineDeps, startExecution } from '@/server/services/executions/start-execution';
import { deliverToReplyWaiter } from '@/server/services/replies/reply-wait';
import type { NumberOwner } from '@/server/services/telephony/org-telephony';
import type { RunFlow } from '@/workflows/messages';
import {
  claimInboundMessage,
  isDelivered,
  markInboundDelivered,
  markInboundFailed,
  storeInboundMessage,
} from './inbox';
import { firstKeyword, messageCommand } from './opt-out-words';
import { setPhoneConsent } from './phone-consent';

export type InboundSms = {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  /**
   * Who registered the number the message was sent to, whose account's key verified the webhook
   * (null or absent: nobody registered it, the platform's key). Only that organismo is touched.
   */
  signer?: NumberOwner | null;
};

export type InboundOutcome =
  | { action: 'unknown_number'; reply: null }
  | { action: 'opted_out' | 'opted_in'; reply: string; organizationIds: string[] }
  | { action: 'replied'; reply: null; workflowId: string }
  | { action: 'started'; reply: null; executionId: string; duplicate: boolean }
  | { action: 'unbound'; reply: null }
  | { action: 'refused'; reply: null; organizationIds: string[] }
  | { action: 'duplicate'; reply: null }
  /** Stored, not delivered yet (Temporal slow or down): the delivery runner retries it. */
  | { action: 'queued'; reply: null; error?: unknown };

/** How long the webhook waits for the first delivery attempt before answering Twilio anyway. */
export const INLINE_DELIVERY_MS = 3000;

/**
 * An SMS or WhatsApp message reaching one of the province's numbers. It is stored in the inbox
 * first (one row per MessageSid, so a webhook Twilio retries is stored and delivered once), then
 * delivered at once when that takes less than `inlineMs`; otherwise, or when delivery fails
 * (Temporal down), the row stays pending and the delivery runner (inbox-runner.ts) retries it.
 * Throws only when the message could not be stored (PostgreSQL down): the webhook then answers 5xx.
 */
export async function handleInboundMessage(
  deps: EngineDeps,
  msg: InboundSms,
  opts: { inlineMs?: number } = {},
): Promise<InboundOutcome> {
  const { db } = deps;
  const owners = await ownersOfNumber(db, withoutChannelPrefix(msg.to));
  const owner = owners[0];
  if (!owner) return { action: 'unknown_number', reply: null };
  // Another organismo's flows on the number (a binding made before it was registered): none of its
  // consents, waiting flows or bindings is the signer's to touch, so nothing is stored or delivered.
  const signer = msg.signer ?? null;
  const foreign = owners.filter((organizationId) => !signerMayTouch(signer, organizationId));
  if (foreign.length > 0) return { action: 'refused', reply: null, organizationIds: foreign };
  const { row, duplicate } = await storeInboundMessage(db, { organizationId: owner, ...msg });
  if (duplicate && row.state === 'delivered') return { action: 'duplicate', reply: null };
  // Errors are recorded on the row by the attempt itself; the settled result only shapes the answer.
  const settled = await within(deliverInboundMessage(deps, row), opts.inlineMs ?? INLINE_DELIVERY_MS);
  if (settled.kind === 'value') return settled.value ?? { action: 'queued', reply: null };
  return { action: 'queued', reply: null, ...(settled.kind === 'error' ? { error: settled.error } : {}) };
}

/**
 * One delivery attempt of a stored message: an opt-out or opt-in word changes the sender's consent
 * with the organismos of that number; otherwise the message goes to the execution waiting for a
 * reply from that sender, else starts the flow bound to the number's keyword (first word) or to
 * the number, as execution msg-<MessageSid>. Exactly once: the reply's registration and the row's
 * "delivered" commit together after the signal succeeded, a start is idempotent by its id, and a
 * failed attempt puts the row back in the queue. Null when the row is delivered or another attempt
 * holds it.
 */
export async function deliverInboundMessage(
  deps: EngineDeps,
  ref: { id: string; organizationId: string },
  opts: { maxBackoffMs?: number } = {},
): Promise<InboundOutcome | null> {
  const row = await claimInboundMessage(deps.db, ref);
  if (!row) return null;
  try {
    return await routeMessage(deps, row);
  } catch (err) {
    // With PostgreSQL down this fails too; the lease then runs out and the runner takes it again.
    await markInboundFailed(deps.db, row, err, opts.maxBackoffMs).catch(() => {});
    throw err;
  }
}

async function routeMessage(deps: EngineDeps, row: InboundMessageRow): Promise<InboundOutcome> {
  const { db } = deps;
  const ref = { id: row.id, organizationId: row.organizationId };
  const msg: InboundSms = {
    messageSid: row.messageSid,
    from: row.fromAddress,
    to: row.toAddress,
    body: row.body,
  };
  const channel: InboundMessage['channel'] = /^whatsapp:/i.test(msg.from) ? 'whatsapp' : 'sms';
  const to = withoutChannelPrefix(msg.to);
  const rawFrom = withoutChannelPrefix(msg.from);
  const from = normalizePhone(rawFrom) ?? rawFrom;
  const owners = await ownersOfNumber(db, to);
  if (owners.length === 0) {
    await markInboundDelivered(db, ref, 'unknown_number');
    return { action: 'unknown_number', reply: null };
  }

  const command = messageCommand(msg.body);
  if (command) {
    for (const organizationId of owners) {
      await setPhoneConsent(db, {
        organizationId,
        phone: from,
        channel,
        status: command === 'opt_out' ? 'opted_out' : 'granted',
        source: `${channel}_keyword`,
      });
    }
    const names = await organizationNames(db, owners);
    const t = createTranslator({ locale: 'es-AR', messages: esAR, namespace: 'messaging' });
    const action = command === 'opt_out' ? 'opted_out' : 'opted_in';
    await markInboundDelivered(db, ref, action);
    return {
      action,
      reply: command === 'opt_out' ? t('optedOut', { organismo: names }) : t('optedIn', { organismo: names }),
      organizationIds: owners,
    };
  }

  // An earlier attempt started this message's flow and failed before recording it: that start is
  // finished (idempotently) rather than the message being taken as a reply to the flow it started.
  const executionId = `msg-${msg.messageSid}`;
  const startedBefore = await db.query.execution.findFirst({
    where: and(eq(schema.execution.id, executionId), inArray(schema.execution.organizationId, owners)),
    columns: { id: true },
  });
  if (!startedBefore) {
    const inbound: InboundMessage = {
      from,
      body: msg.body,
      channel,
      receivedAt: row.receivedAt.toISOString(),
      sid: msg.messageSid,
    };
    for (const organizationId of owners) {
      const reached = await deliverToReplyWaiter(db, { organizationId, from }, async (waiter, tx) => {
        const client = await deps.temporal();
        try {
          await client.workflow.getHandle<RunFlow>(waiter.workflowId).signal('inboundMessage', inbound);
        } catch (err) {
          // The execution ended since it registered (timed out, cancelled): the message may start a flow.
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        }
        await markInboundDelivered(tx, ref, 'replied');
        return true;
      });
      if (reached) return { action: 'replied', reply: null, workflowId: reached.workflowId };
    }
  }

  // Another attempt (one that outlived its lease) may have handed it to a waiter meanwhile: the
  // reply's commit came before this read, so a delivered row here is not started as well.
  if (await isDelivered(db, ref)) return { action: 'duplicate', reply: null };
  const bound = await boundFlow(db, { to, body: msg.body, owners });
  if (!bound) {
    await markInboundDelivered(db, ref, startedBefore ? 'started' : 'unbound');
    return startedBefore
      ? { action: 'started', reply: null, executionId, duplicate: true }
      : { action: 'unbound', reply: null };
  }
  const started = await startMessageExecution(deps, { bound, msg, from, to, channel });
  await markInboundDelivered(db, ref, 'started');
  return started;
}

async function startMessageExecution(
  deps: EngineDeps,
  args: {
    bound: NonNullable<Awaited<ReturnType<typeof boundFlow>>>;
    msg: InboundSms;
    from: string;
    to: string;
    channel: InboundMessage['channel'];
  },
): Promise<InboundOutcome> {
  const { bound, channel } = args;
  const started = await startExecution(deps, {
    organizationId: bound.organizationId,
    program: bound.program,
    executionId: `msg-${args.msg.messageSid}`,
    channel,
    timeZone: bound.timeZone,
    variables: {
      message: { from: args.from, to: args.to, body: args.msg.body, channel, sid: args.msg.messageSid },
    },
    // A retried webhook must not run the flow again, even after the first run completed.
    once: true,
  });
  return { action: 'started', reply: null, ...started };
}

/**
 * The flow a message starts: `<number>:<KEYWORD>`, then `*:<KEYWORD>` (only an owner's: a keyword
 * bound for every number must not start another organismo's flow on this one), then the number.
 */
async function boundFlow(db: Database, args: { to: string; body: string; owners: string[] }) {
  const keyword = firstKeyword(args.body);
  if (keyword) {
    const exact = await resolveBinding(db, 'keyword', `${args.to}:${keyword}`);
    if (exact) return exact;
    const anyNumber = await resolveBinding(db, 'keyword', `*:${keyword}`);
    if (anyNumber && args.owners.includes(anyNumber.organizationId)) return anyNumber;
  }
  return resolveBinding(db, 'message_number', args.to);
}

/**
 * The organismos a number belongs to: the one its messages start a flow of (first: its inbox keeps
 * the number's messages), and any with a keyword on it.
 */
async function ownersOfNumber(db: Database, to: string): Promise<string[]> {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) return [];
  const rows = await db
    .selectDistinct({ organizationId: schema.flowBinding.organizationId, type: schema.flowBinding.type })
    .from(schema.flowBinding)
    .where(
      or(
        and(eq(schema.flowBinding.type, 'message_number'), eq(schema.flowBinding.address, to)),
        and(eq(schema.flowBinding.type, 'keyword'), like(schema.flowBinding.address, `${to}:%`)),
      ),
    );
  rows.sort((a, b) => Number(b.type === 'message_number') - Number(a.type === 'message_number'));
  return [...new Set(rows.map((r) => r.organizationId))];
}

async function organizationNames(db: Database, ids: string[]): Promise<string> {
  const names: string[] = [];
  for (const id of ids) {
    const org = await db.query.organization.findFirst({ where: eq(schema.organization.id, id) });
    if (org) names.push(org.name);
  }
  return names.join(', ');
}
