import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CampaignStatusBadge, ProgressBar } from '@/components/campaigns/status-badge';
import { Denied } from '@/components/shell/denied';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('campaigns'))('title') };
}

export default async function CampaignsPage() {
  const t = await getTranslations('campaigns');
  const format = await getFormatter();
  const caller = await getServerCaller();
  const [result, me] = await Promise.all([loadOrDeny(() => caller.campaigns.list({})), caller.me.get()]);
  if (!result.ok) return <Denied code={result.code} />;
  const roles = me.active?.roles ?? [];
  const canCreate = roles.includes('admin') || roles.includes('campaign_manager');
  return (
    <div>
      <PageHeader title={t('title')} description={t('description')} />
      {canCreate ? (
        <div className="mb-4">
          <Link href="/campaigns/new" className={buttonClass({})}>
            {t('new')}
          </Link>
        </div>
      ) : null}
      <Table
        label={t('title')}
        data-testid="campaigns-table"
        rows={result.data}
        rowKey={(c) => c.id}
        empty={t('empty')}
        columns={[
          {
            key: 'name',
            header: t('name'),
            cell: (c) => (
              <Link className="font-medium text-brand-700 hover:underline" href={`/campaigns/${c.id}`}>
                {c.name}
              </Link>
            ),
          },
          { key: 'status', header: t('status'), cell: (c) => <CampaignStatusBadge status={c.status} /> },
          { key: 'channel', header: t('channel'), cell: (c) => t(`channels.${c.channel as 'sms'}`) },
          { key: 'flow', header: t('flow'), cell: (c) => c.flowName ?? '—' },
          {
            key: 'progress',
            header: t('progress'),
            className: 'w-48',
            cell: (c) => (
              <div className="space-y-1">
                <ProgressBar value={c.progress} label={t('progressOf', { name: c.name })} />
                <span className="text-xs text-slate-600">
                  {t('progressValue', { progress: format.number(c.progress), total: c.total })}
                </span>
              </div>
            ),
          },
          { key: 'done', header: t('done'), align: 'end', cell: (c) => format.number(c.done) },
          { key: 'excluded', header: t('excluded'), align: 'end', cell: (c) => format.number(c.excluded) },
          {
            key: 'created',
            header: t('created'),
            className: 'whitespace-nowrap',
            cell: (c) => format.dateTime(c.createdAt, { dateStyle: 'short' }),
          },
        ]}
      />
    </div>
  );
}
