import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { paceOffsets } from '@/lib/campaigns/pacing';
import {
  adapterForOrganization,
  adapterName,
  type ChannelAdapter,
  isAmbiguousSendError,
  type SendReceipt,
} from '@/server/channels/channel-adapter';
import { normalizeEmail, normalizePhone } from '@/server/services/citizens/contact-address';
import {
  errorMessage,
  type OutboundDeps,
  SEND_ERROR,
  SEND_REFUSED,
  SEND_UNKNOWN,
  settleOutboxRow,
} from '@/server/services/outbox/outbox-row';
import { mayBecome } from '@/server/services/outbox/outbox-status';
import { destinationRefusal } from '@/server/services/telephony/dial-policy';
import { setPhoneConsent } from './phone-consent';

/** The most messages one request to an adapter that takes many carries. */
const MANY = 500;
/** How long such a request may wait for more messages to come due. */
const FILL_MS = 50;

export type PageMessage = {
  idempotencyKey: string;
  channel: 'sms' | 'whatsapp' | 'email';
  to: string;
  body: string;
  subject?: string;
  stepId: string;
};

/**
 * What became of one message of a page. `duplicate`: its key was sent before (a retried page);
 * `unknown`: an earlier try may have reached the provider, so it is not sent again.
 */
export type PageResult = {
  idempotencyKey: string;
  status: 'sent' | 'delivered' | 'skipped_opt_out' | 'refused' | 'failed' | 'unknown' | 'duplicate';
  messageId: string | null;
  error: string | null;
};

/**
 * sendMessage for a page of recipients at once (a campaign's batched path): the same rules (one
 * send per idempotency key, opted-out recipients skipped, destinations outside
 * CAUCE_DIAL_COUNTRIES refused, a send that may have reached the provider never repeated), with
 * the bookkeeping done in a few statements per page instead of four per message, and the sends
 * spaced `ratePerSecond` apart with at most `maxConcurrent` in flight.
 */
export async function sendMessagePage(
  deps: OutboundDeps,
  args: {
    organizationId: string;
    messages: readonly PageMessage[];
    ratePerSecond: number;
    maxConcurrent: number;
  },
): Promise<{ results: PageResult[] }> {
  const { db } = deps;
  const adapter = await adapterForOrganization(deps.channels, args.organizationId);
  const results = new Map<string, PageResult>();
  const ready: (PageMessage & { to: string })[] = [];
  for (const m of args.messages) {
    const to = m.channel === 'email' ? normalizeEmail(m.to) : normalizePhone(m.to);
    if (!to || !m.body.trim()) {
      results.set(
        m.idempotencyKey,
        failed(m, to ? 'The message is empty' : `"${m.to}" is not a valid address`),
      );
      continue;
    }
    ready.push({ ...m, to });
  }
  const optedOut = await optedOutAddresses(db, args.organizationId, ready);
  const rows = ready.map((m) => {
    const refusal = m.channel === 'email' ? null : destinationRefusal(m.to);
    const skip = optedOut.has(`${m.channel}:${m.to}`);
    return {
      m,
      refusal,
      status: refusal ? SEND_REFUSED : skip ? 'skipped_opt_out' : 'queued',
    };
  });
  const claimed = await claimPage(db, args.organizationId, adapter, rows);

  const toSend: { m: PageMessage & { to: string }; outboxId: string }[] = [];
  for (const r of rows) {
    const claim = claimed.get(r.m.idempotencyKey);
    if (!claim) continue;
    if (!claim.fresh) {
      results.set(r.m.idempotencyKey, {
        idempotencyKey: r.m.idempotencyKey,
        status: replayedStatus(claim.status),
        messageId: claim.id,
        error: claim.status === 'queued' ? 'an earlier try did not finish: not sent again' : claim.error,
      });
      continue;
    }
    if (r.refusal) {
      results.set(r.m.idempotencyKey, {
        idempotencyKey: r.m.idempotencyKey,
        status: 'refused',
        messageId: claim.id,
        error: r.refusal,
      });
    } else if (r.status === 'skipped_opt_out') {
      results.set(r.m.idempotencyKey, {
        idempotencyKey: r.m.idempotencyKey,
        status: 'skipped_opt_out',
        messageId: claim.id,
        error: null,
      });
    } else toSend.push({ m: r.m, outboxId: claim.id });
  }
  // Rows an earlier, unfinished try left queued may have been sent: unknown, never sent again.
  const stale = [...claimed.values()].filter((c) => !c.fresh && c.status === 'queued').map((c) => c.id);
  if (stale.length > 0) await settleMany(db, stale, SEND_UNKNOWN, 'an earlier attempt did not finish');

  const settled: { id: string; status: string; providerId: string | null; error: string | null }[] = [];
  const offsets = paceOffsets(toSend.length, args.ratePerSecond);
  const started = Date.now();
  let inFlight = 0;
  const waiters: (() => void)[] = [];
  const running: Promise<void>[] = [];
  const settle = async (item: (typeof toSend)[number], receipt: SendReceipt) => {
    if (receipt.status === 'skipped_opt_out' && item.m.channel !== 'email') {
      await setPhoneConsent(db, {
        organizationId: args.organizationId,
        phone: item.m.to,
        channel: item.m.channel,
        status: 'opted_out',
        source: receipt.optOutSource,
      });
    }
    settled.push({ id: item.outboxId, status: receipt.status, providerId: receipt.providerId, error: null });
    results.set(item.m.idempotencyKey, {
      idempotencyKey: item.m.idempotencyKey,
      status: receipt.status,
      messageId: item.outboxId,
      error: null,
    });
  };
  const fail = (item: (typeof toSend)[number], err: unknown) => {
    const status = isAmbiguousSendError(err) ? SEND_UNKNOWN : SEND_ERROR;
    settled.push({ id: item.outboxId, status, providerId: null, error: errorMessage(err) });
    results.set(item.m.idempotencyKey, {
      idempotencyKey: item.m.idempotencyKey,
      status: status === SEND_UNKNOWN ? 'unknown' : 'failed',
      messageId: item.outboxId,
      error: errorMessage(err),
    });
  };
  for (let i = 0; i < toSend.length; ) {
    // An adapter that takes many waits a little longer, so a request carries up to MANY that are due.
    const fill = adapter.sendMany
      ? Math.min((offsets[i] ?? 0) + FILL_MS, offsets[Math.min(i + MANY, toSend.length) - 1] ?? 0)
      : 0;
    const wait = started + Math.max(offsets[i] ?? 0, fill) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight >= args.maxConcurrent) await new Promise<void>((r) => waiters.push(r));
    // Everything due by now goes in one request when the adapter takes many (never before its time).
    const elapsed = Date.now() - started;
    let j = i + 1;
    const first = toSend[i];
    if (adapter.sendMany && first) {
      while (
        j < toSend.length &&
        j - i < MANY &&
        (offsets[j] ?? 0) <= elapsed &&
        toSend[j]?.m.channel === first.m.channel
      )
        j++;
    }
    const unit = toSend.slice(i, j);
    i = j;
    inFlight++;
    running.push(
      dispatch(adapter, args.organizationId, unit)
        .then(async (receipts) => {
          for (const [k, item] of unit.entries()) {
            const receipt = receipts[k];
            if (receipt) await settle(item, receipt);
            else fail(item, new Error('no receipt from the adapter'));
          }
        })
        .catch((err: unknown) => {
          for (const item of unit) fail(item, err);
        })
        .finally(() => {
          inFlight--;
          waiters.shift()?.();
        }),
    );
  }
  await Promise.all(running);
  for (const [status, group] of groupBy(settled, (s) => s.status)) {
    if (status === SEND_ERROR || status === SEND_UNKNOWN) {
      for (const s of group) await settleOutboxRow(db, s.id, { status, error: s.error });
    } else
      await settleMany(
        db,
        group.map((s) => s.id),
        status,
        null,
        group,
      );
  }
  return {
    results: args.messages.flatMap((m) => {
      const r = results.get(m.idempotencyKey);
      return r ? [r] : [];
    }),
  };
}

/** What a key sent before stands for now: the first try's result, as sendMessage replays it. */
function replayedStatus(status: string): PageResult['status'] {
  if (status === 'queued' || status === SEND_UNKNOWN) return 'unknown';
  if (status === 'skipped_opt_out') return 'skipped_opt_out';
  if (status === SEND_REFUSED) return 'refused';
  if (status === 'failed' || status === 'undelivered' || status === 'canceled') return 'failed';
  return 'duplicate';
}

function failed(m: PageMessage, error: string): PageResult {
  return { idempotencyKey: m.idempotencyKey, status: 'failed', messageId: null, error };
}

/** One request to the adapter: a single message, or many when the adapter takes many. */
async function dispatch(
  adapter: ChannelAdapter,
  organizationId: string,
  unit: readonly { m: PageMessage & { to: string }; outboxId: string }[],
): Promise<SendReceipt[]> {
  const messages = unit.map(({ m, outboxId }) => ({
    organizationId,
    idempotencyKey: m.idempotencyKey,
    outboxId,
    stepId: m.stepId,
    to: m.to,
    body: m.body,
    subject: m.subject ?? '',
  }));
  const [first] = unit;
  if (!first) return [];
  if (adapter.sendMany && unit.length > 1) return adapter.sendMany(first.m.channel, messages);
  const [one] = messages;
  if (!one) return [];
  if (first.m.channel === 'email') return [await adapter.sendEmail(one)];
  if (first.m.channel === 'whatsapp') return [await adapter.sendWhatsApp(one)];
  return [await adapter.sendSms(one)];
}

/** `channel:address` of every recipient of the page who opted out of that channel with the organismo. */
async function optedOutAddresses(
  db: Database,
  organizationId: string,
  messages: readonly { channel: string; to: string }[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const [channel, group] of groupBy(messages, (m) => m.channel)) {
    const addresses = [...new Set(group.map((m) => m.to))];
    if (addresses.length === 0) continue;
    const list = sql`array[${sql.join(
      addresses.map((a) => sql`${a}`),
      sql`, `,
    )}]::text[]`;
    const match =
      channel === 'email'
        ? sql`select lower(c.email) as address from citizen c
              join citizen_consent cc on cc.citizen_id = c.id
              where lower(c.email) = any(${list})`
        : sql`select p as address from citizen c
              join citizen_consent cc on cc.citizen_id = c.id
              cross join unnest(c.phones) p
              where c.phones && ${list} and p = any(${list})`;
    const rows = await db.execute<{ address: string }>(sql`
      ${match} and cc.organization_id = ${organizationId} and cc.channel = ${channel}
        and cc.status = 'opted_out'`);
    for (const r of rows) out.add(`${channel}:${r.address}`);
  }
  return out;
}

type Claim = { fresh: true; id: string } | { fresh: false; id: string; status: string; error: string | null };

/** Claims the page's idempotency keys in a few inserts; keys an earlier try claimed come back as they are. */
async function claimPage(
  db: Database,
  organizationId: string,
  adapter: ChannelAdapter,
  rows: readonly { m: PageMessage & { to: string }; refusal: string | null; status: string }[],
): Promise<Map<string, Claim>> {
  const claims = new Map<string, Claim>();
  if (rows.length === 0) return claims;
  // 1,000 rows per statement: PostgreSQL takes at most 65,535 parameters in one.
  const inserted: { id: string; idempotency_key: string }[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map(
      (
        r,
      ) => sql`(${organizationId}, ${r.m.stepId}, ${r.m.idempotencyKey}, ${r.m.channel}, ${adapterName(adapter, r.m.channel)},
        ${r.m.to}, ${r.m.subject ?? null}, ${r.m.body}, ${r.status}, ${r.refusal ? `DESTINATION_NOT_ALLOWED: ${r.refusal}` : null})`,
    );
    inserted.push(
      ...(await db.execute<{ id: string; idempotency_key: string }>(sql`
        insert into outbound_message
          (organization_id, step_id, idempotency_key, channel, adapter, "to", subject, body, status, error)
        values ${sql.join(values, sql`, `)}
        on conflict (idempotency_key) do nothing
        returning id, idempotency_key`)),
    );
  }
  for (const r of inserted) claims.set(r.idempotency_key, { fresh: true, id: r.id });
  const missing = rows.map((r) => r.m.idempotencyKey).filter((k) => !claims.has(k));
  if (missing.length === 0) return claims;
  const keys = sql`array[${sql.join(
    missing.map((k) => sql`${k}`),
    sql`, `,
  )}]::text[]`;
  // A key whose earlier send failed before reaching the provider may be sent again (as sendMessage does).
  const reclaimed = await db.execute<{ id: string; idempotency_key: string }>(sql`
    update outbound_message set status = 'queued', error = null, updated_at = now()
    where idempotency_key = any(${keys}) and organization_id = ${organizationId} and status = ${SEND_ERROR}
    returning id, idempotency_key`);
  for (const r of reclaimed) claims.set(r.idempotency_key, { fresh: true, id: r.id });
  const existing = await db.execute<{
    id: string;
    idempotency_key: string;
    status: string;
    error: string | null;
  }>(sql`
    select id, idempotency_key, status, error from outbound_message
    where idempotency_key = any(${keys}) and organization_id = ${organizationId}`);
  for (const r of existing) {
    if (!claims.has(r.idempotency_key)) {
      claims.set(r.idempotency_key, { fresh: false, id: r.id, status: r.status, error: r.error });
    }
  }
  return claims;
}

/** One status for many rows, moving each only forward (settleOutboxRow's rule), with their provider ids. */
async function settleMany(
  db: Database,
  ids: readonly string[],
  status: string,
  error: string | null,
  withProvider: readonly { id: string; providerId: string | null }[] = [],
): Promise<void> {
  if (ids.length === 0) return;
  const provider = new Map(withProvider.map((p) => [p.id, p.providerId]));
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const values = chunk.map((id) => sql`(${id}::uuid, ${provider.get(id) ?? null}::text)`);
    await db.execute(sql`
      update outbound_message om
      set status = ${status}, error = ${error}, provider_id = coalesce(om.provider_id, v.provider_id), updated_at = now()
      from (values ${sql.join(values, sql`, `)}) as v(id, provider_id)
      where om.id = v.id and ${mayBecome(status)}`);
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}
