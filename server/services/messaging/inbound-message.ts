import { WorkflowNotFoundError } from '@temporalio/client';
import { and, eq, like, or } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { type Database, schema } from '@/db';
import type { InboundMessage } from '@/lib/contracts/execution';
import esAR from '@/server/i18n/messages/es-AR.json';
import { resolveBinding } from '@/server/services/bindings/bindings';
import { signerMayTouch } from '@/server/services/calls/auth-token';
import { normalizePhone, withoutChannelPrefix } from '@/server/services/citizens/contact-address';
import { type EngineDeps, startExecution } from '@/server/services/executions/start-execution';
import { deliverToReplyWaiter } from '@/server/services/replies/reply-wait';
import type { NumberOwner } from '@/server/services/telephony/org-telephony';
import type { RunFlow } from '@/workflows/messages';
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
  | { action: 'duplicate'; reply: null };

/**
 * An SMS or WhatsApp message reaching one of the province's numbers: an opt-out or opt-in word
 * changes the sender's consent with the organismos of that number; otherwise the message goes to
 * the execution waiting for a reply from that sender, else starts the flow bound to the number's
 * keyword (first word) or to the number. The execution id is msg-<MessageSid>, so a webhook Twilio
 * retries never starts a second one.
 */
export async function handleInboundMessage(deps: EngineDeps, msg: InboundSms): Promise<InboundOutcome> {
  const { db } = deps;
  const channel: InboundMessage['channel'] = /^whatsapp:/i.test(msg.from) ? 'whatsapp' : 'sms';
  const to = withoutChannelPrefix(msg.to);
  const rawFrom = withoutChannelPrefix(msg.from);
  const from = normalizePhone(rawFrom) ?? rawFrom;
  const owners = await ownersOfNumber(db, to);
  if (owners.length === 0) return { action: 'unknown_number', reply: null };
  // Another organismo's flows on the number (a binding made before it was registered): none of its
  // consents, waiting flows or bindings is the signer's to touch, so nothing is.
  const signer = msg.signer ?? null;
  const foreign = owners.filter((organizationId) => !signerMayTouch(signer, organizationId));
  if (foreign.length > 0) return { action: 'refused', reply: null, organizationIds: foreign };

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
    return {
      action: command === 'opt_out' ? 'opted_out' : 'opted_in',
      reply: command === 'opt_out' ? t('optedOut', { organismo: names }) : t('optedIn', { organismo: names }),
      organizationIds: owners,
    };
  }

  // A webhook Twilio retries is applied once: neither a second reply to a waiting flow nor a second
  // start. The claim is released if handling fails, so Twilio's retry can still get through.
  const [claimed] = await db
    .insert(schema.inboundMessageLog)
    .values({ providerId: msg.messageSid })
    .onConflictDoNothing()
    .returning({ providerId: schema.inboundMessageLog.providerId });
  if (!claimed) return { action: 'duplicate', reply: null };
  try {
    return await routeMessage(deps, { msg, from, to, channel, owners });
  } catch (err) {
    await db.delete(schema.inboundMessageLog).where(eq(schema.inboundMessageLog.providerId, msg.messageSid));
    throw err;
  }
}

async function routeMessage(
  deps: EngineDeps,
  args: { msg: InboundSms; from: string; to: string; channel: InboundMessage['channel']; owners: string[] },
): Promise<InboundOutcome> {
  const { db } = deps;
  const { msg, from, to, channel, owners } = args;

  const inbound: InboundMessage = { from, body: msg.body, channel, receivedAt: new Date().toISOString() };
  for (const organizationId of owners) {
    const reached = await deliverToReplyWaiter(db, { organizationId, from }, async (waiter) => {
      const client = await deps.temporal();
      try {
        await client.workflow.getHandle<RunFlow>(waiter.workflowId).signal('inboundMessage', inbound);
        return true;
      } catch (err) {
        // The execution ended since it registered (timed out, cancelled): the message may start a flow.
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      }
    });
    if (reached) return { action: 'replied', reply: null, workflowId: reached.workflowId };
  }

  const bound = await boundFlow(db, { to, body: msg.body, owners });
  if (!bound) return { action: 'unbound', reply: null };
  return startMessageExecution(deps, { bound, msg, from, to, channel });
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

/** The organismos a number belongs to: the one its messages start a flow of, and any with a keyword on it. */
async function ownersOfNumber(db: Database, to: string): Promise<string[]> {
  if (!/^\+[1-9]\d{6,14}$/.test(to)) return [];
  const rows = await db
    .selectDistinct({ organizationId: schema.flowBinding.organizationId })
    .from(schema.flowBinding)
    .where(
      or(
        and(eq(schema.flowBinding.type, 'message_number'), eq(schema.flowBinding.address, to)),
        and(eq(schema.flowBinding.type, 'keyword'), like(schema.flowBinding.address, `${to}:%`)),
      ),
    );
  return rows.map((r) => r.organizationId);
}

async function organizationNames(db: Database, ids: string[]): Promise<string> {
  const names: string[] = [];
  for (const id of ids) {
    const org = await db.query.organization.findFirst({ where: eq(schema.organization.id, id) });
    if (org) names.push(org.name);
  }
  return names.join(', ');
}
