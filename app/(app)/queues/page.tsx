import { getTranslations } from 'next-intl/server';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { Table } from '@/components/ui/table';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('queues'))('title') };
}

export default async function QueuesPage() {
  const t = await getTranslations('queues');
  const caller = await getServerCaller();
  const result = await loadOrDeny(() => caller.queues.list());
  if (!result.ok) return <Denied code={result.code} />;
  return (
    <div>
      <PageHeader title={t('title')} description={t('description')} />
      <Table
        label={t('title')}
        rows={result.data}
        rowKey={(q) => q.id}
        empty={t('empty')}
        columns={[
          {
            key: 'name',
            header: t('name'),
            cell: (q) => (
              <>
                <p className="font-medium">{q.name}</p>
                <p className="text-slate-600">{q.description}</p>
              </>
            ),
          },
          { key: 'skills', header: t('skills'), cell: (q) => q.skills.join(', ') },
          { key: 'agents', header: t('agents'), cell: (q) => q.agents },
        ]}
      />
    </div>
  );
}
