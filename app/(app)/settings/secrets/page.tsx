import { getTranslations } from 'next-intl/server';
import { SecretsManager } from '@/components/settings/secrets-manager';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('secrets'))('title') };
}

export default async function SecretsPage() {
  const t = await getTranslations('secrets');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.secrets.list());
  if (!loaded.ok) return <Denied code={loaded.code} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t('title')} description={t('description')} />
      <SecretsManager initial={loaded.data} />
    </div>
  );
}
