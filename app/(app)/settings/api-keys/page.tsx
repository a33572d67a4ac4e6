import { getTranslations } from 'next-intl/server';
import { ApiKeysManager } from '@/components/settings/api-keys-manager';
import { Denied } from '@/components/shell/denied';
import { Card, PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { baseUrl } from '@/server/env';
import { loadOrDeny } from '@/server/load-or-deny';

export async function generateMetadata() {
  return { title: (await getTranslations('apiKeys'))('title') };
}

export default async function ApiKeysPage() {
  const t = await getTranslations('apiKeys');
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(async () => ({
    keys: await caller.apiKeys.list(),
    flows: await caller.apiKeys.flows(),
  }));
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const base = baseUrl();
  return (
    <div className="space-y-6">
      <PageHeader title={t('title')} description={t('description')} />
      <ApiKeysManager initial={loaded.data.keys} />
      <Card title={t('endpoints')}>
        <p className="mb-3 text-sm text-slate-600">{t('endpointsHelp')}</p>
        {loaded.data.flows.length === 0 ? (
          <p className="text-sm text-slate-600">{t('noEndpoints')}</p>
        ) : (
          <ul className="space-y-3 text-sm" data-testid="api-flows">
            {loaded.data.flows.map((f) => (
              <li key={f.flowId}>
                <p className="font-medium">
                  {f.name} <span className="text-slate-500">v{f.version}</span>
                </p>
                <code
                  className="block break-all rounded bg-slate-100 px-2 py-1 text-xs"
                  data-testid={`endpoint-${f.name}`}
                >
                  {`${base}/api/v1/flows/${f.flowId}/executions`}
                </code>
                <p className="text-xs text-slate-600">
                  {t('fields', { fields: f.fields.join(', ') || '—' })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
