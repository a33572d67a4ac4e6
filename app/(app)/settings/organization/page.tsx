import { getTranslations } from 'next-intl/server';
import { RetentionCard } from '@/components/settings/retention-card';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';
import { DEFAULT_RETENTION } from '@/server/services/retention/policy';

export async function generateMetadata() {
  return { title: (await getTranslations('organizationSettings'))('title') };
}

/** Settings → Organismo (admins): how long the organismo keeps personal data. */
export default async function OrganizationSettingsPage() {
  const t = await getTranslations('organizationSettings');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.retention.policy());
  if (!loaded.ok) return <Denied code={loaded.code} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t('title')} description={t('description')} />
      <RetentionCard initial={loaded.data} defaults={DEFAULT_RETENTION} />
    </div>
  );
}
