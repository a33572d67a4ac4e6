import 'server-only';
import type { AttemptOutcome, CampaignChannel, CampaignRunInput } from '@/lib/contracts/campaign';
import { campaignExecutionId, ZCampaignRetries } from '@/lib/contracts/campaign';
import type { FlowProgram } from '@/lib/contracts/program';
import { organizationTimeZone } from '@/server/services/executions/start-execution';
import { type PageMessage, type PageResult, sendMessagePage } from '@/server/services/messaging/send-page';
import type { OutboundDeps } from '@/server/services/outbox/outbox-row';
import { outcomeAfter, type SendOnlyStep, sendOnlyPlan } from '@/workflows/dsl/send-only';
import { lookup, renderTemplate } from '@/workflows/dsl/template';
import { lineNumber } from '@/workflows/nodes/contact';
import { type AttemptResult, settleAttempts } from './attempt-outcomes';
import { campaignOf, campaignProgram, reachOf } from './campaign-run';
import { type ClaimedContact, claimDueContacts } from './contact-claims';

export type PageReport = {
  attempted: number;
  excluded: number;
  sent: number;
  failed: number;
};

/**
 * One page of a send-only campaign: claims the due contacts, renders each contact's messages as
 * the flow's send steps would, sends them through the page sender (one outbox row per contact,
 * attempt and step: the idempotency key), and settles every attempt. A retried page (the worker
 * died mid-page) claims the same contacts with the same attempt numbers: what was sent is not sent
 * again.
 */
export async function sendCampaignPage(
  deps: OutboundDeps,
  args: CampaignRunInput & {
    limit: number;
    ratePerSecond: number;
    maxConcurrent: number;
  },
): Promise<PageReport> {
  const campaign = await campaignOf(deps.db, args);
  const program = await campaignProgram(deps.db, campaign);
  const plan = sendOnlyPlan(program);
  if (!plan) throw new Error(`campaign ${campaign.id} runs a flow that does not only send`);
  const channel = campaign.channel as CampaignChannel;
  const { claimed, excluded } = await claimDueContacts(deps.db, {
    organizationId: args.organizationId,
    campaignId: args.campaignId,
    ...reachOf(campaign),
    limit: args.limit,
    orphans: 'in_progress',
  });
  if (claimed.length === 0) return { attempted: 0, excluded, sent: 0, failed: 0 };
  const timeZone = await organizationTimeZone(deps.db, args.organizationId);

  const messages: PageMessage[] = [];
  const renderFailures = new Map<string, string>();
  for (const contact of claimed) {
    try {
      messages.push(...contactMessages({ program, plan, contact, campaignId: args.campaignId, timeZone }));
    } catch (err) {
      renderFailures.set(contact.id, err instanceof Error ? err.message : String(err));
    }
  }
  const { results } = await sendMessagePage(deps, {
    organizationId: args.organizationId,
    messages,
    ratePerSecond: args.ratePerSecond,
    maxConcurrent: args.maxConcurrent,
  });
  const byKey = new Map(results.map((r) => [r.idempotencyKey, r]));

  const settled: AttemptResult[] = [];
  let sent = 0;
  let failed = 0;
  for (const contact of claimed) {
    const error = renderFailures.get(contact.id);
    if (error) {
      settled.push({ contactId: contact.id, attempt: contact.attempt, outcome: 'failed', error });
      failed++;
      continue;
    }
    const keys = plan.map((s) => messageKey(contact, s));
    const outcome = contactOutcome(
      program,
      plan,
      keys.map((k) => byKey.get(k)),
    );
    if (outcome.outcome === 'sent' || outcome.outcome === 'delivered') sent++;
    else failed++;
    settled.push({ contactId: contact.id, attempt: contact.attempt, ...outcome });
  }
  await settleAttempts(deps.db, {
    organizationId: args.organizationId,
    campaignId: args.campaignId,
    retries: ZCampaignRetries.parse(campaign.retries),
    results: settled,
  });
  return { attempted: settled.length, excluded, sent, failed };
}

/** The outbox key of one contact's message: one per campaign, contact, attempt and send step. */
function messageKey(contact: ClaimedContact, step: SendOnlyStep): string {
  return `camp:${contact.id}:${contact.attempt}:${step.stepId}`;
}

/** The messages one contact gets, rendered with the scope runFlow would give the same contact. */
function contactMessages(args: {
  program: FlowProgram;
  plan: SendOnlyStep[];
  contact: ClaimedContact;
  campaignId: string;
  timeZone: string;
}): PageMessage[] {
  const { contact } = args;
  const scope = {
    contact: contact.variables,
    input: contact.variables,
    call: {},
    message: {},
    vars: {},
    execution: {
      id: campaignExecutionId({
        campaignId: args.campaignId,
        contactId: contact.id,
        attempt: contact.attempt,
      }),
      flowId: args.program.flowId,
      versionId: args.program.versionId,
      startedAt: new Date().toISOString(),
      channel: 'campaign',
    },
  };
  const render = (template: unknown) =>
    renderTemplate(String(template ?? ''), scope, { timeZone: args.timeZone });
  return args.plan.map((step) => {
    const c = step.config;
    const base = { idempotencyKey: messageKey(contact, step), stepId: step.stepId };
    if (step.kind === 'send_email') {
      return {
        ...base,
        channel: 'email' as const,
        // An empty recipient is the contact's email, as the node's runner reads it.
        to: (String(c.to ?? '').trim() ? render(c.to) : String(lookup(scope, 'contact.email') ?? '')).trim(),
        subject: render(c.subject).replace(/[\r\n]+/g, ' '),
        body: render(c.text),
      };
    }
    return {
      ...base,
      channel: step.kind === 'send_whatsapp' ? ('whatsapp' as const) : ('sms' as const),
      // An empty recipient is whoever the flow is with (here the contact's phone), as the runner reads it.
      to: String(c.to ?? '').trim() ? render(c.to).trim() : lineNumber(scope),
      body: render(c.body),
    };
  });
}

/**
 * A contact's attempt outcome from its messages: the first that did not go out decides it
 * (skipped, refused, failed), else the last one's; its disposition is the `end` the flow's port
 * for that result leads to.
 */
function contactOutcome(
  program: FlowProgram,
  plan: SendOnlyStep[],
  results: (PageResult | undefined)[],
): Pick<AttemptResult, 'outcome' | 'disposition' | 'outboxId' | 'error'> {
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i];
    const r = results[i];
    if (!step) continue;
    if (!r)
      return {
        outcome: 'failed',
        error: 'no result',
        disposition: outcomeAfter(program, step.stepId, 'failed'),
      };
    const outcome = attemptOutcome(r);
    const last = i === plan.length - 1;
    if (outcome !== 'sent' && outcome !== 'delivered') {
      const port = outcome === 'skipped_opt_out' ? 'skipped' : 'failed';
      return {
        outcome,
        error: r.error,
        outboxId: r.messageId,
        disposition: outcomeAfter(program, step.stepId, port),
      };
    }
    if (last)
      return {
        outcome,
        error: null,
        outboxId: r.messageId,
        disposition: outcomeAfter(program, step.stepId, 'sent') ?? 'completed',
      };
  }
  return { outcome: 'failed', error: 'nothing to send' };
}

function attemptOutcome(r: PageResult): AttemptOutcome {
  switch (r.status) {
    case 'sent':
    case 'duplicate':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'skipped_opt_out':
      return 'skipped_opt_out';
    case 'unknown':
      // It may have reached the provider: never retried, so never sent twice.
      return 'unknown';
    default:
      return 'failed';
  }
}
