import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge } from '@/components/ui/badge';
import { getDb } from '@/db';
import { getPageSession } from '@/server/api/callers/request-context';
import { healthForViewer } from '@/server/services/health/health-for-viewer';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('health'))('title') };
}

const TONE = { ok: 'success', degraded: 'warning', down: 'danger' } as const;

export default async function HealthPage() {
  const t = await getTranslations('health');
  const format = await getFormatter();
  const view = await healthForViewer(getDb(), await getPageSession().catch(() => null));
  const report = view.report;
  return (
    <main className="mx-auto max-w-2xl px-6 py-10">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-4 flex items-center gap-3">
        <span>{t('overall')}:</span>
        <Badge size="md" tone={TONE[report.status]} data-testid="health-overall">
          {t(`status.${report.status}`)}
        </Badge>
      </p>
      <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {(['postgres', 'migrations', 'temporal', 'worker'] as const).map((key) => {
          const check = report.checks[key];
          return (
            <li
              key={key}
              className="flex items-start justify-between gap-4 px-4 py-3"
              data-testid={`health-${key}`}
            >
              <div>
                <p className="font-medium">{t(`checks.${key}`)}</p>
                {view.details ? (
                  <p className="font-mono text-xs text-slate-600">{view.report.checks[key].detail}</p>
                ) : null}
              </div>
              <div className="text-right">
                <Badge size="md" tone={TONE[check.status]}>
                  {t(`status.${check.status}`)}
                </Badge>
                {view.details ? (
                  <p className="mt-1 text-xs text-slate-500">
                    {t('latency', { ms: view.report.checks[key].ms })}
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <p className="mt-4 text-xs text-slate-500">
        {t('checkedAt', { time: format.dateTime(new Date(report.checkedAt), { timeStyle: 'medium' }) })}
      </p>
      <div className="mt-6 flex gap-4 text-sm">
        <a className="font-medium text-brand-700 hover:underline" href="/api/health">
          {t('json')}
        </a>
        {view.details && view.report.temporalUiUrl ? (
          <a
            className="font-medium text-brand-700 hover:underline"
            href={view.report.temporalUiUrl}
            target="_blank"
            rel="noreferrer"
          >
            {t('temporalUi')}
          </a>
        ) : null}
      </div>
    </main>
  );
}
