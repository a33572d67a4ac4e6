import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { FlowRowActions } from '@/components/flows/flow-row-actions';
import { NewFlowDialog } from '@/components/flows/new-flow-dialog';
import { Denied } from '@/components/shell/denied';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { type Column, Table } from '@/components/ui/table';
import { pageOfRows } from '@/components/ui/table-model';
import { tableParams } from '@/components/ui/table-params';
import { getServerCaller } from '@/server/api/callers/request-context';
import { loadOrDeny } from '@/server/load-or-deny';
import { FLOW_KINDS } from '@/server/services/flows/flows';

export async function generateMetadata() {
  return { title: (await getTranslations('flows'))('title') };
}

const STATES = ['draft', 'published', 'errors'] as const;

const PAGE_SIZES = [10, 25, 50, 100];

type FlowRow = {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  latestVersion: number;
  draftRevision: number;
  publishedRevision: number | null;
  draftUpdatedAt: Date;
};

export default async function FlowsPage({
  searchParams,
}: {
  searchParams: Promise<{
    q?: string;
    kind?: string;
    state?: string;
    sort?: string;
    dir?: string;
    page?: string;
    size?: string;
  }>;
}) {
  const t = await getTranslations('flows');
  const format = await getFormatter();
  const locale = await getLocale();
  const params = await searchParams;
  const kind = FLOW_KINDS.find((k) => k === params.kind);
  const state = STATES.find((s) => s === params.state);
  const search = params.q?.trim().slice(0, 100) || undefined;
  const table = tableParams({
    path: '/flows',
    params,
    sortKeys: ['name', 'kind', 'updated'],
    defaultSort: { key: 'name', direction: 'asc' },
    pageSizes: PAGE_SIZES,
    defaultPageSize: 50,
  });
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
    if (state === 'draft') return f.latestVersion === 0;
    if (state === 'published') return f.latestVersion > 0;
    if (state === 'errors') return (errors.get(f.id) ?? 0) > 0;
    return true;
  });
  const roles = loaded.data.me.active?.roles ?? [];
  const canEdit = roles.includes('admin') || roles.includes('designer');
  const kindLabel = (value: string) => (isKind(value) ? t(`kinds.${value}`) : value);
  const columns: Column<FlowRow>[] = [
    {
      key: 'name',
      header: t('name'),
      sortValue: (f) => f.name,
      cell: (f) => (
        <>
          <Link className="font-medium text-brand-700 hover:underline" href={`/flows/${f.id}`}>
            {f.name}
          </Link>
          {f.description ? <p className="text-xs text-slate-600">{f.description}</p> : null}
        </>
      ),
    },
    { key: 'kind', header: t('kind'), sortValue: (f) => kindLabel(f.kind), cell: (f) => kindLabel(f.kind) },
    {
      key: 'state',
      header: t('state'),
      className: 'space-x-1',
      cell: (f) => {
        const count = errors.get(f.id) ?? 0;
        return (
          <>
            {f.latestVersion === 0 ? (
              <Badge>{t('states.draft')}</Badge>
            ) : (
              <Badge tone="success">{t('publishedVersion', { version: f.latestVersion })}</Badge>
            )}
            {f.latestVersion > 0 &&
            f.publishedRevision !== null &&
            f.draftRevision !== f.publishedRevision ? (
              <Badge tone="warning">{t('unpublishedChanges')}</Badge>
            ) : null}
            {count > 0 ? <Badge tone="danger">{t('errorCount', { count })}</Badge> : null}
          </>
        );
      },
    },
    {
      key: 'updated',
      header: t('updated'),
      sortValue: (f) => f.draftUpdatedAt,
      firstDirection: 'desc',
      className: 'whitespace-nowrap',
      cell: (f) => format.dateTime(f.draftUpdatedAt, { dateStyle: 'short', timeStyle: 'short' }),
    },
    {
      key: 'actions',
      header: t('actions'),
      hideHeader: true,
      align: 'end',
      cell: (f) => (canEdit ? <FlowRowActions flowId={f.id} name={f.name} /> : null),
    },
  ];
  const view = pageOfRows({
    rows,
    sort: table.sort,
    locale,
    page: table.page,
    pageSize: table.pageSize,
    columns,
  });
  return (
    <div>
      <div className="flex items-start justify-between gap-4">
        <PageHeader title={t('title')} description={t('description')} />
        {canEdit ? <NewFlowDialog kinds={FLOW_KINDS} /> : null}
      </div>
      <search className="mb-4">
        <form method="get" className="flex flex-wrap items-end gap-3">
          {/* A new filter starts at the first page, in the same order and page size. */}
          {table.sort ? <input type="hidden" name="sort" value={table.sort.key} /> : null}
          {table.sort ? <input type="hidden" name="dir" value={table.sort.direction} /> : null}
          {params.size ? <input type="hidden" name="size" value={table.pageSize} /> : null}
          <Field label={t('search')}>
            {(control) => (
              <Input
                {...control}
                name="q"
                type="search"
                defaultValue={search ?? ''}
                placeholder={t('searchPlaceholder')}
                className="w-64"
              />
            )}
          </Field>
          <Field label={t('kind')}>
            {(control) => (
              <Select {...control} name="kind" defaultValue={kind ?? ''}>
                <option value="">{t('allKinds')}</option>
                {FLOW_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t('state')}>
            {(control) => (
              <Select {...control} name="state" defaultValue={state ?? ''}>
                <option value="">{t('allStates')}</option>
                {STATES.map((s) => (
                  <option key={s} value={s}>
                    {t(`states.${s}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Button type="submit" variant="secondary">
            {t('filter')}
          </Button>
        </form>
      </search>
      <Table
        label={t('title')}
        data-testid="flows-table"
        columns={columns}
        rows={view.rows}
        rowKey={(f) => f.id}
        rowProps={(f) => ({ 'data-testid': `flow-row-${f.name}` })}
        empty={t('empty')}
        sort={table.sort}
        sortHref={(sort) => table.href({ sort, page: 1 })}
        pagination={{
          page: view.page,
          pageSize: table.pageSize,
          total: view.total,
          pageSizes: PAGE_SIZES,
          pageHref: (page) => table.href({ page }),
          pageSizeHref: (pageSize) => table.href({ pageSize, page: 1 }),
        }}
      />
    </div>
  );
}

function isKind(value: string): value is (typeof FLOW_KINDS)[number] {
  return FLOW_KINDS.some((k) => k === value);
}
