import { getTranslations } from 'next-intl/server';
import { UploadWizard } from '@/components/contact-lists/upload-wizard';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('contactLists.wizard'))('title') };
}

export default async function UploadListPage() {
  const t = await getTranslations('contactLists.wizard');
  const caller = await getServerCaller();
  // Only who may create lists gets the wizard (findByHash is a writer's procedure).
  const loaded = await loadOrDeny(async () => {
    await caller.contactLists.findByHash({ sha256: '0'.repeat(64) });
    return caller.contactLists.fields();
  });
  if (!loaded.ok) return <Denied code={loaded.code} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t('title')} />
      <UploadWizard initialFields={loaded.data} />
    </div>
  );
}
