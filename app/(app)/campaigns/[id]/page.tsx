import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { CampaignLive } from '@/components/campaigns/campaign-live';
import { CampaignWizard } from '@/components/campaigns/campaign-wizard';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('campaigns'))('title') };
}

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations('campaigns');
  const caller = await getServerCaller();
  if (!/^[0-9a-f-]{36}$/i.test(id)) return <Denied code="NOT_FOUND" />;
  const [loaded, me] = await Promise.all([loadOrDeny(() => caller.campaigns.get({ id })), caller.me.get()]);
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const campaign = loaded.data;
  const roles = me.active?.roles ?? [];
  const canEdit = roles.includes('admin') || roles.includes('campaign_manager');
  const canControl = canEdit || roles.includes('supervisor');
  const canViewExecutions = roles.some((r) => r === 'admin' || r === 'designer' || r === 'supervisor');
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link className="text-brand-700 hover:underline" href="/campaigns">
          {t('back')}
        </Link>
      </p>
      <PageHeader title={campaign.settings.name} />
      {campaign.status === 'draft' && canEdit ? (
        <CampaignWizard campaignId={campaign.id} initial={campaign.settings} />
      ) : (
        <CampaignLive
          campaignId={campaign.id}
          canControl={canControl}
          canEdit={canEdit}
          canViewExecutions={canViewExecutions}
        />
      )}
    </div>
  );
}
