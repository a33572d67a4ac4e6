import { getFormatter, getTranslations } from 'next-intl/server';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('audit'))('title') };
}

const KNOWN_ACTIONS = new Set([
  'auth.sign_in',
  'auth.switch_organization',
  'member.roles_changed',
  'secret.created',
  'secret.replaced',
  'secret.deleted',
  'retention.policy_saved',
  'retention.purged',
  'citizen.exported',
  'citizen.rectified',
  'citizen.erased',
]);

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
      <Table
        label={t('title')}
        data-testid="audit-table"
        rows={items}
        rowKey={(row) => row.id}
        empty={t('empty')}
        columns={[
          {
            key: 'when',
            header: t('when'),
            className: 'whitespace-nowrap',
            cell: (row) => format.dateTime(row.createdAt, { dateStyle: 'short', timeStyle: 'medium' }),
          },
          { key: 'who', header: t('who'), cell: (row) => row.actorName ?? t('system') },
          {
            key: 'action',
            header: t('action'),
            cell: (row) => (KNOWN_ACTIONS.has(row.action) ? t(`actions.${row.action}`) : row.action),
          },
          {
            key: 'detail',
            header: t('detail'),
            // Long JSON wraps instead of widening the table.
            className: 'break-all font-mono text-xs text-slate-600',
            cell: (row) => (Object.keys(row.data).length > 0 ? JSON.stringify(row.data) : ''),
          },
        ]}
      />
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
