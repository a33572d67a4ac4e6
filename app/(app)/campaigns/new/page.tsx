import { getTranslations } from 'next-intl/server';
import { CampaignWizard, NEW_CAMPAIGN } from '@/components/campaigns/campaign-wizard';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';

export async function generateMetadata() {
  return { title: (await getTranslations('campaigns'))('new') };
}

export default async function NewCampaignPage() {
  const t = await getTranslations('campaigns');
  const me = await (await getServerCaller()).me.get();
  const roles = me.active?.roles ?? [];
  if (!roles.includes('admin') && !roles.includes('campaign_manager')) return <Denied code="FORBIDDEN" />;
  return (
    <div>
      <PageHeader title={t('new')} description={t('wizard.description')} />
      <CampaignWizard initial={NEW_CAMPAIGN} />
    </div>
  );
}
