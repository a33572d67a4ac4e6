import { getTranslations } from 'next-intl/server';
import { NoLlamePanel } from '@/components/compliance/no-llame-panel';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('compliance.noLlame'))('title') };
}

export default async function NoLlamePage() {
  const t = await getTranslations('compliance.noLlame');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.compliance.noLlameStatus());
  if (!loaded.ok) return <Denied code={loaded.code} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t('title')} description={t('description', { days: loaded.data.maxAgeDays })} />
      <NoLlamePanel initial={loaded.data} />
    </div>
  );
}
