import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card, PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';

export default async function HomePage() {
  const caller = await getServerCaller();
  const me = await caller.me.get();
  const t = await getTranslations();
  if (!me.active) return null;
  const roles = me.active.roles;
  const seesQueues = roles.some((r) => r === 'agent' || r === 'supervisor' || r === 'admin');
  const queues = seesQueues ? await caller.queues.list() : [];
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('home.title', { name: me.user.name })}
        description={t('home.intro', { organization: me.active.name })}
      />
      <Card title={t('home.yourRoles')}>
        <ul className="grid gap-3 sm:grid-cols-2" data-testid="home-roles">
          {roles.map((role) => (
            <li key={role} className="rounded-md border border-slate-200 p-3">
              <p className="font-medium text-slate-900">{t(`roles.${role}`)}</p>
              <p className="mt-1 text-sm text-slate-600">{t(`roleDescriptions.${role}`)}</p>
            </li>
          ))}
        </ul>
      </Card>
      {seesQueues ? (
        <Card title={t('home.queuesTitle')}>
          {queues.length === 0 ? (
            <p className="text-sm text-slate-600">{t('queues.empty')}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {queues.map((q) => (
                <li key={q.id} className="flex justify-between py-2 text-sm">
                  <span>{q.name}</span>
                  <span className="text-slate-600">{t('home.queueAgents', { count: q.agents })}</span>
                </li>
              ))}
            </ul>
          )}
          <Link
            href="/queues"
            className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            {t('home.goTo', { section: t('nav.queues') })}
          </Link>
        </Card>
      ) : null}
    </div>
  );
}
