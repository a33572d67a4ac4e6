import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { RefreshButton } from '@/components/executions/refresh-button';
import { Denied } from '@/components/shell/denied';
import { SimulatorBanner } from '@/components/telephony/simulator-banner';
import { PageHeader } from '@/components/ui/card';
import { FilterTabs } from '@/components/ui/filter-tabs';
import { Table } from '@/components/ui/table';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';
import { OUTBOX_CHANNELS } from '@/server/services/outbox/list-outbox';

export async function generateMetadata() {
  return { title: (await getTranslations('outbox'))('title') };
}

const STATUSES = new Set([
  'queued',
  'sending',
  'sent',
  'undelivered',
  'read',
  'error',
  'delivered',
  'skipped_opt_out',
  'failed',
  'answered',
  'no_answer',
  'busy',
  'machine',
  // An outbound call's progress before its outcome.
  'initiated',
  'ringing',
  'in-progress',
  // Sent or not, nobody knows (a timeout after the provider may have taken it): never resent.
  'unknown',
  'refused',
]);
const ADAPTERS = new Set(['simulator', 'twilio', 'smtp']);

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ channel?: string }> }) {
  const t = await getTranslations();
  const format = await getFormatter();
  const { channel: wanted } = await searchParams;
  const channel = OUTBOX_CHANNELS.find((c) => c === wanted);
  const caller = await getServerCaller();
  const result = await loadOrDeny(() => caller.outbox.list({ channel, limit: 200 }));
  if (!result.ok) return <Denied code={result.code} />;
  const modes = await caller.outbox.channelModes();
  // Calls and messages have the shared banner; this line is left for email on the simulator.
  const simulated = OUTBOX_CHANNELS.filter((c) => c === 'email' && modes[c] === 'simulator');
  return (
    <div>
      <PageHeader title={t('outbox.title')} description={t('outbox.description')} />
      <SimulatorBanner modes={modes} className="mb-4" />
      {simulated.length > 0 ? (
        <p
          role="status"
          data-testid="outbox-simulator"
          className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900"
        >
          {t('outbox.simulated', {
            channels: simulated.map((c) => t(`executions.channels.${c}`)).join(', '),
          })}
        </p>
      ) : null}
      <div className="mb-4 flex items-center gap-3">
        <FilterTabs
          label={t('outbox.filterChannel')}
          tabs={[undefined, ...OUTBOX_CHANNELS].map((c) => ({
            key: c ?? 'all',
            href: c ? `/outbox?channel=${c}` : '/outbox',
            label: c ? t(`executions.channels.${c}`) : t('executions.all'),
            current: c === channel,
          }))}
        />
        <div className="ml-auto">
          <RefreshButton />
        </div>
      </div>
      <Table
        label={t('outbox.title')}
        data-testid="outbox-table"
        rows={result.data}
        rowKey={(m) => m.id}
        empty={t('outbox.empty')}
        columns={[
          {
            key: 'when',
            header: t('outbox.when'),
            className: 'whitespace-nowrap',
            cell: (m) => format.dateTime(m.createdAt, { dateStyle: 'short', timeStyle: 'medium' }),
          },
          {
            key: 'channel',
            header: t('outbox.channel'),
            cell: (m) =>
              OUTBOX_CHANNELS.some((c) => c === m.channel)
                ? t(`executions.channels.${m.channel}`)
                : m.channel,
          },
          { key: 'to', header: t('outbox.to'), className: 'font-mono text-xs', cell: (m) => m.to },
          {
            key: 'message',
            header: t('outbox.message'),
            className: 'max-w-md',
            cell: (m) => (
              <>
                {m.subject ? <p className="font-medium">{m.subject}</p> : null}
                <p className="whitespace-pre-wrap">{m.body}</p>
                {m.executionId ? (
                  <Link
                    className="text-xs text-brand-700 hover:underline"
                    href={`/executions/${encodeURIComponent(m.executionId)}`}
                  >
                    {m.executionId}
                  </Link>
                ) : null}
              </>
            ),
          },
          {
            key: 'status',
            header: t('outbox.status'),
            cell: (m) => {
              const label = STATUSES.has(m.status) ? t(`outbox.statuses.${m.status}`) : m.status;
              const help =
                m.status === 'unknown'
                  ? t('outbox.statusHelp.unknown')
                  : m.refusal
                    ? t(`outbox.statusHelp.${m.refusal}`, { to: m.to })
                    : null;
              if (!help) return label;
              return (
                <div className="max-w-xs" data-testid={`outbox-status-${m.status}`}>
                  <p className="font-medium">{label}</p>
                  <p className="text-xs text-slate-600">{help}</p>
                </div>
              );
            },
          },
          {
            key: 'adapter',
            header: t('outbox.adapter'),
            cell: (m) => (ADAPTERS.has(m.adapter) ? t(`outbox.adapters.${m.adapter}`) : m.adapter),
          },
        ]}
      />
    </div>
  );
}
