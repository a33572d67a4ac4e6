'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useTRPC } from '@/components/trpc/client';
import { type Column, Table } from '@/components/ui/table';
import { useTableState } from '@/components/ui/use-table-state';
import type { RouterOutputs } from '@/server/api/types';
import { ListStatus } from './list-status';

type ListRow = RouterOutputs['contactLists']['list'][number];

/** The organismo's lists with their counts; refreshed every 2 s while one is importing. */
export function ContactListsTable({ initial }: { initial: ListRow[] }) {
  const t = useTranslations('contactLists');
  const format = useFormatter();
  const trpc = useTRPC();
  const lists = useQuery(
    trpc.contactLists.list.queryOptions(undefined, {
      initialData: initial,
      refetchInterval: (q) => (q.state.data?.some((l) => l.status === 'importing') ? 2000 : false),
    }),
  );
  const columns: Column<ListRow>[] = [
    {
      key: 'name',
      header: t('columns.name'),
      sortValue: (l) => l.name,
      cell: (l) => (
        <Link href={`/campaigns/lists/${l.id}`} className="font-medium text-brand-700 hover:underline">
          {l.name}
        </Link>
      ),
    },
    { key: 'purpose', header: t('columns.purpose'), sortValue: (l) => l.purpose, cell: (l) => l.purpose },
    { key: 'status', header: t('columns.status'), cell: (l) => <ListStatus status={l.status} /> },
    {
      key: 'contacts',
      header: t('columns.contacts'),
      align: 'end',
      sortValue: (l) => l.validRows,
      cell: (l) => format.number(l.validRows),
    },
    { key: 'merged', header: t('columns.merged'), align: 'end', cell: (l) => format.number(l.mergedRows) },
    { key: 'errors', header: t('columns.errors'), align: 'end', cell: (l) => format.number(l.errorRows) },
    {
      key: 'createdAt',
      header: t('columns.createdAt'),
      sortValue: (l) => l.createdAt,
      firstDirection: 'desc',
      cell: (l) => format.dateTime(l.createdAt, { dateStyle: 'short', timeStyle: 'short' }),
    },
  ];
  const view = useTableState({
    rows: lists.data ?? initial,
    columns,
    initialSort: { key: 'createdAt', direction: 'desc' },
  });
  return (
    <Table
      label={t('title')}
      columns={columns}
      rowKey={(l) => l.id}
      empty={t('empty')}
      data-testid="contact-lists"
      rows={view.rows}
      sort={view.sort}
      onSortChange={view.onSortChange}
    />
  );
}
