import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { getPageSession, getServerCaller } from '@/server/api/callers/request-context';

export default async function AppLayout({ children }: { children: ReactNode }) {
  if (!(await getPageSession())) redirect('/sign-in');
  const me = await (await getServerCaller()).me.get();
  const t = await getTranslations('shell');
  return (
    <AppShell me={me}>
      {me.active ? (
        children
      ) : (
        <p role="alert" className="rounded-md bg-amber-50 p-4 text-amber-900">
          {t('noOrganization')}
        </p>
      )}
    </AppShell>
  );
}
