import { getTranslations } from 'next-intl/server';
import { Denied } from '@/components/shell/denied';
import { Card, PageHeader } from '@/components/ui/card';
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
      <Card>
        {result.data.length === 0 ? (
          <p className="text-sm text-slate-600">{t('empty')}</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th className="py-2 font-medium">{t('name')}</th>
                <th className="py-2 font-medium">{t('skills')}</th>
                <th className="py-2 font-medium">{t('agents')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {result.data.map((q) => (
                <tr key={q.id}>
                  <td className="py-2">
                    <p className="font-medium">{q.name}</p>
                    <p className="text-slate-600">{q.description}</p>
                  </td>
                  <td className="py-2">{q.skills.join(', ')}</td>
                  <td className="py-2">{q.agents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
