import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { CancelExecutionButton } from '@/components/executions/cancel-button';
import { HttpRequestDetail, tracedRequest } from '@/components/executions/http-request-detail';
import { RefreshButton } from '@/components/executions/refresh-button';
import { StatusBadge } from '@/components/executions/status-badge';
import { ExecutionCitizenLink, ExecutionRecordings } from '@/components/recordings/execution-recordings';
import { Denied } from '@/components/shell/denied';
import { Card, PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: rawId } = await params;
  const id = decodeURIComponent(rawId);
  const t = await getTranslations('executions');
  const locale = (await getLocale()) === 'en' ? 'en' : 'es-AR';
  const format = await getFormatter();
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(async () => {
    const [execution, trace, messages] = await Promise.all([
      caller.executions.get({ id }),
      caller.executions.trace({ id }),
      caller.outbox.list({ executionId: id, limit: 100 }),
    ]);
    return { execution, trace, messages };
  });
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const { execution, trace, messages } = loaded.data;
  return (
    <div className="space-y-6">
      <Link href="/executions" className="text-sm text-brand-700 hover:underline">
        ← {t('back')}
      </Link>
      <PageHeader title={t('detailTitle', { id: execution.id })} />
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <StatusBadge status={execution.status} />
        {execution.outcome ? (
          <span>
            {t('outcome')}: <code data-testid="execution-outcome">{execution.outcome}</code>
          </span>
        ) : null}
        <span>
          {t('started')}: {format.dateTime(execution.startedAt, { dateStyle: 'short', timeStyle: 'medium' })}
        </span>
        {execution.endedAt ? (
          <span>
            {t('ended')}: {format.dateTime(execution.endedAt, { dateStyle: 'short', timeStyle: 'medium' })}
          </span>
        ) : null}
        <ExecutionCitizenLink executionId={execution.id} />
        <div className="ml-auto flex gap-2">
          {execution.status === 'running' ? <CancelExecutionButton id={execution.id} /> : null}
          <RefreshButton />
        </div>
      </div>
      {execution.error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {t('error')}: {execution.error}
        </p>
      ) : null}
      <Card title={t('trace')}>
        {trace.length === 0 ? (
          <p className="text-sm text-slate-600">{t('noTrace')}</p>
        ) : (
          <ol className="space-y-2 text-sm" data-testid="execution-trace">
            {trace.map((step) => {
              const request = tracedRequest(step.detail);
              return (
                <li
                  key={step.seq}
                  className="flex flex-wrap items-baseline gap-3 border-l-2 border-brand-500 pl-3"
                >
                  <span className="w-8 text-right font-mono text-xs text-slate-500">{step.seq}</span>
                  <span className="font-medium" data-testid="trace-step">
                    {step.stepName?.[locale] ?? step.stepId}
                  </span>
                  {step.stepName ? <code className="text-xs text-slate-500">{step.stepId}</code> : null}
                  <span className="text-slate-500">{step.kind}</span>
                  {step.port ? <code className="rounded bg-slate-100 px-1.5">→ {step.port}</code> : null}
                  {step.error ? <span className="text-red-700">{step.error}</span> : null}
                  {Object.keys(step.changed).length > 0 ? (
                    <code className="text-xs text-slate-600">{JSON.stringify(step.changed)}</code>
                  ) : null}
                  <span className="ml-auto text-xs text-slate-500">
                    {format.dateTime(step.at, { timeStyle: 'medium' })}
                  </span>
                  {request ? <HttpRequestDetail request={request} label={t('request')} /> : null}
                </li>
              );
            })}
          </ol>
        )}
      </Card>
      <Card title={t('messages')}>
        {messages.length === 0 ? (
          <p className="text-sm text-slate-600">—</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {messages.map((m) => (
              <li key={m.id} className="rounded-md bg-slate-50 p-2">
                <span className="font-mono text-xs">
                  {m.channel} → {m.to}
                </span>{' '}
                · {m.status}
                <p className="mt-1 whitespace-pre-wrap">{m.body}</p>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ExecutionRecordings executionId={execution.id} />
      {execution.variables ? (
        <Card title={t('variables')}>
          <pre className="overflow-x-auto text-xs">{JSON.stringify(execution.variables, null, 2)}</pre>
        </Card>
      ) : null}
    </div>
  );
}
