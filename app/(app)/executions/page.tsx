import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { RefreshButton } from '@/components/executions/refresh-button';
import { StatusBadge } from '@/components/executions/status-badge';
import { Denied } from '@/components/shell/denied';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/card';
import { FilterTabs } from '@/components/ui/filter-tabs';
import { Table } from '@/components/ui/table';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';
import { EXECUTION_STATUSES } from '@/server/services/executions/executions';

export async function generateMetadata() {
  return { title: (await getTranslations('executions'))('title') };
}

const CHANNELS = new Set(['voice', 'sms', 'whatsapp', 'email', 'api', 'campaign']);

export default async function ExecutionsPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; flowId?: string }>;
}) {
  const t = await getTranslations('executions');
  const format = await getFormatter();
  const params = await searchParams;
  const status = EXECUTION_STATUSES.find((s) => s === params.status);
  const caller = await getServerCaller();
  const result = await loadOrDeny(() => caller.executions.list({ limit: 200, status }));
  if (!result.ok) return <Denied code={result.code} />;
  return (
    <div>
      <PageHeader title={t('title')} description={t('description')} />
      <div className="mb-4 flex items-center gap-3">
        <FilterTabs
          label={t('filterStatus')}
          tabs={[undefined, ...EXECUTION_STATUSES].map((s) => ({
            key: s ?? 'all',
            href: s ? `/executions?status=${s}` : '/executions',
            label: s ? t(`statuses.${s}`) : t('all'),
            current: s === status,
          }))}
        />
        <div className="ml-auto">
          <RefreshButton />
        </div>
      </div>
      <Table
        label={t('title')}
        data-testid="executions-table"
        rows={result.data}
        rowKey={(e) => e.id}
        empty={t('empty')}
        columns={[
          {
            key: 'started',
            header: t('started'),
            className: 'whitespace-nowrap',
            cell: (e) => (
              <Link
                className="font-medium text-brand-700 hover:underline"
                href={`/executions/${encodeURIComponent(e.id)}`}
              >
                {format.dateTime(e.startedAt, { dateStyle: 'short', timeStyle: 'medium' })}
              </Link>
            ),
          },
          {
            key: 'flow',
            header: t('flow'),
            cell: (e) => (
              <>
                {e.flowName ?? '—'} {e.version ? <span className="text-slate-500">v{e.version}</span> : null}
                {e.test ? (
                  <Badge tone="warning" className="ml-2">
                    {t('test')}
                  </Badge>
                ) : null}
              </>
            ),
          },
          {
            key: 'channel',
            header: t('channel'),
            cell: (e) => (CHANNELS.has(e.channel) ? t(`channels.${e.channel}`) : e.channel),
          },
          {
            key: 'contact',
            header: t('contact'),
            className: 'font-mono text-xs',
            cell: (e) => e.contactRef ?? '—',
          },
          { key: 'status', header: t('status'), cell: (e) => <StatusBadge status={e.status} /> },
          {
            key: 'outcome',
            header: t('outcome'),
            className: 'font-mono text-xs',
            cell: (e) => e.outcome ?? '',
          },
        ]}
      />
    </div>
  );
}
