import { getTranslations } from 'next-intl/server';
import { DoNotContactManager } from '@/components/compliance/do-not-contact-manager';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('compliance.dnc'))('title') };
}

export default async function DoNotContactPage() {
  const t = await getTranslations('compliance.dnc');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.compliance.doNotContactList({}));
  if (!loaded.ok) return <Denied code={loaded.code} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t('title')} description={t('description')} />
      <DoNotContactManager initial={loaded.data} />
    </div>
  );
}
