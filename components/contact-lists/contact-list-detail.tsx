'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button, buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { type Column, Table } from '@/components/ui/table';
import { LIST_FAILURES } from '@/lib/contact-lists/mapping';
import { ROW_REASONS } from '@/lib/contact-lists/row';
import type { RouterOutputs } from '@/server/api/types';
import { ListStatus } from './list-status';

type List = RouterOutputs['contactLists']['get'];
type ErrorRow = RouterOutputs['contactLists']['errors']['rows'][number];

/** A list's counts (live while it imports), its refusals by reason, the first refused rows and the report. */
export function ContactListDetail({
  initial,
  initialErrors,
  canDelete,
}: {
  initial: List;
  initialErrors: ErrorRow[];
  canDelete: boolean;
}) {
  const t = useTranslations('contactLists');
  const tc = useTranslations('common');
  const format = useFormatter();
  const router = useRouter();
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const live = (status: string | undefined) => status === 'importing' || status === 'pending';
  const list = useQuery(
    trpc.contactLists.get.queryOptions(
      { id: initial.id },
      { initialData: initial, refetchInterval: (q) => (live(q.state.data?.status) ? 1000 : false) },
    ),
  );
  const data = list.data ?? initial;
  const errors = useQuery(
    trpc.contactLists.errors.queryOptions(
      { listId: initial.id, limit: 50 },
      { initialData: { rows: initialErrors, next: null }, refetchInterval: live(data.status) ? 2000 : false },
    ),
  );
  const remove = useMutation(
    trpc.contactLists.delete.mutationOptions({
      onSuccess: () => {
        toast.success(t('detail.deleted'));
        router.push('/campaigns/lists');
      },
      onError: (err) => toast.error(err.data?.appCode === 'LIST_IN_USE' ? t('detail.inUse') : err.message),
    }),
  );
  const reasonText = (reason: string) => {
    const known = ROW_REASONS.find((r) => r === reason);
    return known ? t(`report.reasons.${known}`) : reason;
  };
  const failure = LIST_FAILURES.find((f) => f === data.error);
  const columns: Column<ErrorRow>[] = [
    { key: 'row', header: t('report.row'), align: 'end', cell: (e) => format.number(e.rowNumber) },
    { key: 'column', header: t('report.column'), cell: (e) => e.column || '—' },
    {
      key: 'value',
      header: t('report.value'),
      className: 'max-w-xs truncate font-mono text-xs',
      cell: (e) => e.value,
    },
    { key: 'reason', header: t('report.reason'), cell: (e) => reasonText(e.reason) },
  ];
  const counts = [
    ['processed', data.processedRows],
    ['valid', data.validRows],
    ['merged', data.mergedRows],
    ['errorRows', data.errorRows],
  ] as const;
  return (
    <div className="space-y-6">
      <Link href="/campaigns/lists" className="text-sm text-brand-700 hover:underline">
        {t('back')}
      </Link>
      <div className="flex items-start justify-between gap-4">
        <PageHeader title={data.name} description={`${t('columns.purpose')}: ${data.purpose}`} />
        <ListStatus status={data.status} />
      </div>
      {failure ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900">
          {t(`failures.${failure}`)}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="list-counts">
        {counts.map(([key, n]) => (
          <div key={key} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-xs text-slate-600">{t(`detail.${key}`)}</dt>
            <dd className="text-2xl font-semibold text-slate-900" data-testid={`count-${key}`}>
              {format.number(n)}
            </dd>
          </div>
        ))}
      </dl>
      <Card title={t('detail.errorsTitle')}>
        {data.errorRows === 0 ? (
          <p className="text-sm text-slate-600">{t('detail.noErrors')}</p>
        ) : (
          <div className="space-y-4">
            <a
              href={`/api/contact-lists/${data.id}/errors`}
              download
              className={buttonClass({ variant: 'secondary' })}
              data-testid="download-errors"
            >
              {t('detail.downloadErrors')}
            </a>
            <div>
              <h3 className="mb-2 text-sm font-medium text-slate-800">{t('detail.errorsByReason')}</h3>
              <ul className="space-y-1 text-sm">
                {Object.entries(data.errorsByReason).map(([reason, n]) => (
                  <li key={reason}>
                    {reasonText(reason)}: <strong>{format.number(n)}</strong>
                  </li>
                ))}
              </ul>
            </div>
            <Table
              label={t('detail.firstErrors')}
              columns={columns}
              rows={errors.data?.rows ?? initialErrors}
              rowKey={(e) => String(e.id)}
              empty={t('detail.noErrors')}
            />
          </div>
        )}
      </Card>
      {canDelete ? (
        <div className="flex items-center gap-3">
          {confirming ? (
            <>
              <p className="text-sm text-slate-700">{t('detail.confirmDelete', { name: data.name })}</p>
              <Button
                variant="danger"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ id: data.id })}
              >
                {t('detail.delete')}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {tc('cancel')}
              </Button>
            </>
          ) : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              {t('detail.delete')}
            </Button>
          )}
        </div>
      ) : null}
    </div>
  );
}
