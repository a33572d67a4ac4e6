import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { FlowRowActions } from '@/components/flows/flow-row-actions';
import { NewFlowDialog } from '@/components/flows/new-flow-dialog';
import { Denied } from '@/components/shell/denied';
import { PageHeader } from '@/components/ui/card';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';
import { FLOW_KINDS } from '@/server/services/flows/flows';

export async function generateMetadata() {
  return { title: (await getTranslations('flows'))('title') };
}

const STATES = ['draft', 'published', 'errors'] as const;

export default async function FlowsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; kind?: string; state?: string }>;
}) {
  const t = await getTranslations('flows');
  const format = await getFormatter();
  const params = await searchParams;
  const kind = FLOW_KINDS.find((k) => k === params.kind);
  const state = STATES.find((s) => s === params.state);
  const search = params.q?.trim().slice(0, 100) || undefined;
  const caller = await getServerCaller();
  const loaded = await loadOrDeny(async () => {
    const [flows, status, me] = await Promise.all([
      caller.flows.list({ search, kind }),
      caller.flows.draftStatus(),
      caller.me.get(),
    ]);
    return { flows, status, me };
  });
  if (!loaded.ok) return <Denied code={loaded.code} />;
  const errors = new Map(loaded.data.status.map((s) => [s.flowId, s.errors]));
  const rows = loaded.data.flows.filter((f) => {
    if (state === 'draft') return f.latestVersion === null;
    if (state === 'published') return f.latestVersion !== null;
    if (state === 'errors') return (errors.get(f.id) ?? 0) > 0;
    return true;
  });
  const roles = loaded.data.me.active?.roles ?? [];
  const canEdit = roles.includes('admin') || roles.includes('designer');
  return (
    <div>
      <div className="flex items-start justify-between gap-4">
        <PageHeader title={t('title')} description={t('description')} />
        {canEdit ? <NewFlowDialog kinds={FLOW_KINDS} /> : null}
      </div>
      <search className="mb-4">
        <form method="get" className="flex flex-wrap items-end gap-3">
          <label className="flex flex-col text-sm">
            <span className="font-medium text-slate-700">{t('search')}</span>
            <input
              name="q"
              type="search"
              defaultValue={search ?? ''}
              placeholder={t('searchPlaceholder')}
              className="mt-1 w-64 rounded-md border border-slate-300 bg-white px-3 py-2"
            />
          </label>
          <label className="flex flex-col text-sm">
            <span className="font-medium text-slate-700">{t('kind')}</span>
            <select
              name="kind"
              defaultValue={kind ?? ''}
              className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2"
            >
              <option value="">{t('allKinds')}</option>
              {FLOW_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-sm">
            <span className="font-medium text-slate-700">{t('state')}</span>
            <select
              name="state"
              defaultValue={state ?? ''}
              className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2"
            >
              <option value="">{t('allStates')}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`states.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
          >
            {t('filter')}
          </button>
        </form>
      </search>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="flows-table">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('name')}</th>
                <th className="px-4 py-2 font-medium">{t('kind')}</th>
                <th className="px-4 py-2 font-medium">{t('state')}</th>
                <th className="px-4 py-2 font-medium">{t('updated')}</th>
                <th className="px-4 py-2">
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((f) => {
                const count = errors.get(f.id) ?? 0;
                return (
                  <tr key={f.id} data-testid={`flow-row-${f.name}`}>
                    <td className="px-4 py-2">
                      <Link className="font-medium text-brand-700 hover:underline" href={`/flows/${f.id}`}>
                        {f.name}
                      </Link>
                      {f.description ? <p className="text-xs text-slate-600">{f.description}</p> : null}
                    </td>
                    <td className="px-4 py-2">{isKind(f.kind) ? t(`kinds.${f.kind}`) : f.kind}</td>
                    <td className="space-x-1 px-4 py-2">
                      {f.latestVersion === null ? (
                        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                          {t('states.draft')}
                        </span>
                      ) : (
                        <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900">
                          {t('publishedVersion', { version: f.latestVersion })}
                        </span>
                      )}
                      {count > 0 ? (
                        <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900">
                          {t('errorCount', { count })}
                        </span>
                      ) : null}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2">
                      {format.dateTime(f.draftUpdatedAt, { dateStyle: 'short', timeStyle: 'short' })}
                    </td>
                    <td className="px-4 py-2 text-right">
                      {canEdit ? <FlowRowActions flowId={f.id} name={f.name} /> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function isKind(value: string): value is (typeof FLOW_KINDS)[number] {
  return FLOW_KINDS.some((k) => k === value);
}
