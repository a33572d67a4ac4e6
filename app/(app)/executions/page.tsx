import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { RefreshButton } from '@/components/executions/refresh-button';
import { StatusBadge } from '@/components/executions/status-badge';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { FilterTabs } from '@/components/ui/filter-tabs';
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
      {result.data.length === 0 ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="executions-table">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('started')}</th>
                <th className="px-4 py-2 font-medium">{t('flow')}</th>
                <th className="px-4 py-2 font-medium">{t('channel')}</th>
                <th className="px-4 py-2 font-medium">{t('contact')}</th>
                <th className="px-4 py-2 font-medium">{t('status')}</th>
                <th className="px-4 py-2 font-medium">{t('outcome')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.data.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-4 py-2">
                    <Link
                      className="font-medium text-brand-700 hover:underline"
                      href={`/executions/${encodeURIComponent(e.id)}`}
                    >
                      {format.dateTime(e.startedAt, { dateStyle: 'short', timeStyle: 'medium' })}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    {e.flowName ?? '—'}{' '}
                    {e.version ? <span className="text-slate-500">v{e.version}</span> : null}
                    {e.test ? (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">
                        {t('test')}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">
                    {CHANNELS.has(e.channel) ? t(`channels.${e.channel}`) : e.channel}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{e.contactRef ?? '—'}</td>
                  <td className="px-4 py-2">
                    <StatusBadge status={e.status} />
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{e.outcome ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
