import { getFormatter, getTranslations } from 'next-intl/server';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('audit'))('title') };
}

const KNOWN_ACTIONS = new Set(['auth.sign_in', 'auth.switch_organization', 'member.roles_changed']);

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const t = await getTranslations('audit');
  const format = await getFormatter();
  const { before } = await searchParams;
  const beforeDate = before && !Number.isNaN(Date.parse(before)) ? new Date(before) : undefined;
  const caller = await getServerCaller();
  const result = await loadOrDeny(() => caller.audit.list({ limit: 50, before: beforeDate }));
  if (!result.ok) return <Denied code={result.code} />;
  const { items, nextBefore } = result.data;
  return (
    <div>
      <PageHeader title={t('title')} description={t('description')} />
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('when')}</th>
                <th className="px-4 py-2 font-medium">{t('who')}</th>
                <th className="px-4 py-2 font-medium">{t('action')}</th>
                <th className="px-4 py-2 font-medium">{t('detail')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((row) => (
                <tr key={row.id}>
                  <td className="whitespace-nowrap px-4 py-2">
                    {format.dateTime(row.createdAt, { dateStyle: 'short', timeStyle: 'medium' })}
                  </td>
                  <td className="px-4 py-2">{row.actorName ?? t('system')}</td>
                  <td className="px-4 py-2">
                    {KNOWN_ACTIONS.has(row.action) ? t(`actions.${row.action}`) : row.action}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs text-slate-600">
                    {Object.keys(row.data).length > 0 ? JSON.stringify(row.data) : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <a
          className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          href={`/settings/audit?before=${encodeURIComponent(nextBefore.toISOString())}`}
        >
          {t('more')}
        </a>
      ) : null}
    </div>
  );
}
