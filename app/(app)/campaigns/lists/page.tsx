import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ContactListsTable } from '@/components/contact-lists/contact-lists-table';
import { Denied } from '@/components/shell/denied';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('contactLists'))('title') };
}

export default async function ContactListsPage() {
  const t = await getTranslations('contactLists');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.contactLists.list());
  if (!loaded.ok) return <Denied code={loaded.code} />;
  return (
    <div className="space-y-6">
      <div className="flex items-start justify-between gap-4">
        <PageHeader title={t('title')} description={t('description')} />
        <Link href="/campaigns/lists/new" className={buttonClass({})}>
          {t('upload')}
        </Link>
      </div>
      <ContactListsTable initial={loaded.data} />
    </div>
  );
}
