import { getTranslations } from 'next-intl/server';
import { MembersTable } from '@/components/settings/members-table';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('members'))('title') };
}

export default async function MembersPage() {
  const t = await getTranslations('members');
  const caller = await getServerCaller();
  const me = await caller.me.get();
  if (!me.active?.roles.includes('admin')) return <Denied code="FORBIDDEN" />;
  const result = await loadOrDeny(() => caller.members.list());
  if (!result.ok) return <Denied code={result.code} />;
  return (
    <div>
      <PageHeader title={t('title')} description={t('description')} />
      <MembersTable initial={result.data} />
    </div>
  );
}
