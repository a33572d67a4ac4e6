import { getTranslations } from 'next-intl/server';
import { Denied } from '@/components/shell/denied';
import { AccountCard } from '@/components/telephony/account-card';
import { NumbersCard } from '@/components/telephony/numbers-card';
import { SimulatorBanner } from '@/components/telephony/simulator-banner';
import { Card, PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { baseUrl } from '@/server/env';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('telephony'))('title') };
}

const WEBHOOKS = [
  ['voice', '/api/twilio/voice'],
  ['status', '/api/twilio/status'],
  ['sms', '/api/twilio/sms'],
] as const;

export default async function TelephonyPage() {
  const t = await getTranslations('telephony');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(() => caller.telephony.overview());
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const base = baseUrl().replace(/\/+$/, '');
  return (
    <div className="space-y-6">
      <PageHeader title={t('title')} description={t('description')} />
      <SimulatorBanner modes={loaded.data.modes} />
      <NumbersCard initial={loaded.data} />
      <AccountCard initial={loaded.data} />
      <Card title={t('webhooks.title')}>
        <p className="mb-3 text-sm text-slate-600">{t('webhooks.help')}</p>
        <dl className="space-y-2 text-sm">
          {WEBHOOKS.map(([key, path]) => (
            <div key={key}>
              <dt className="font-medium text-slate-700">{t(`webhooks.${key}`)}</dt>
              <dd>
                <code className="break-all rounded bg-slate-100 px-2 py-1 text-xs">{`${base}${path}`}</code>
              </dd>
            </div>
          ))}
        </dl>
      </Card>
    </div>
  );
}
