import { getFormatter, getTranslations } from 'next-intl/server';
import { healthFromEnv } from '@/server/services/health/health-from-env';

export const dynamic = 'force-dynamic';

export async function generateMetadata() {
  return { title: (await getTranslations('health'))('title') };
}

const BADGE = {
  ok: 'bg-green-100 text-green-800',
  degraded: 'bg-amber-100 text-amber-900',
  down: 'bg-red-100 text-red-800',
} as const;

export default async function HealthPage() {
  const t = await getTranslations('health');
  const format = await getFormatter();
  const report = await healthFromEnv();
  return (
    <main className="mx-auto max-w-2xl px-6 py-10">
      <h1 className="text-2xl font-semibold">{t('title')}</h1>
      <p className="mt-4 flex items-center gap-3">
        <span>{t('overall')}:</span>
        <span
          data-testid="health-overall"
          className={`rounded px-2 py-0.5 text-sm font-medium ${BADGE[report.status]}`}
        >
          {t(`status.${report.status}`)}
        </span>
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
                <p className="font-mono text-xs text-slate-600">{check.detail}</p>
              </div>
              <div className="text-right">
                <span className={`rounded px-2 py-0.5 text-sm font-medium ${BADGE[check.status]}`}>
                  {t(`status.${check.status}`)}
                </span>
                <p className="mt-1 text-xs text-slate-500">{t('latency', { ms: check.ms })}</p>
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
        {report.temporalUiUrl ? (
          <a
            className="font-medium text-brand-700 hover:underline"
            href={report.temporalUiUrl}
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
