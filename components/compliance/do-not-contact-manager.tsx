'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { appCodeOf } from '@/components/editor/use-autosave';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { type Column, Table } from '@/components/ui/table';
import type { RouterOutputs } from '@/server/api/types';

type Page = RouterOutputs['compliance']['doNotContactList'];
type Row = Page['rows'][number];
const REASONS = ['citizen_request', 'staff', 'complaint'] as const;
type Reason = (typeof REASONS)[number];

/** The organismo's do-not-contact register: add, search, and (admins) remove, which keeps the row. */
export function DoNotContactManager({ initial }: { initial: Page }) {
  const t = useTranslations('compliance.dnc');
  const tCommon = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [includeRemoved, setIncludeRemoved] = useState(false);
  const input = { query, includeRemoved };
  const list = useQuery(
    trpc.compliance.doNotContactList.queryOptions(input, {
      initialData: query === '' && !includeRemoved ? initial : undefined,
    }),
  );
  const [address, setAddress] = useState('');
  const [reason, setReason] = useState<Reason>('citizen_request');
  const [note, setNote] = useState('');
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.compliance.doNotContactList.queryKey() });
  const failed = (err: unknown) =>
    toast.error(appCodeOf(err) === 'INVALID_INPUT' ? t('invalid') : tCommon('unexpectedError'));
  const add = useMutation(
    trpc.compliance.doNotContactAdd.mutationOptions({
      onSuccess: async (r) => {
        setAddress('');
        setNote('');
        toast.success(r.created ? t('added') : t('already'));
        await refresh();
      },
      onError: failed,
    }),
  );
  const remove = useMutation(
    trpc.compliance.doNotContactRemove.mutationOptions({
      onSuccess: async () => {
        toast.success(t('removed'));
        await refresh();
      },
      onError: failed,
    }),
  );
  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    if (address.trim()) add.mutate({ address, reason, note });
  };
  const columns: Column<Row>[] = [
    { key: 'address', header: t('address'), className: 'font-mono', cell: (r) => r.address },
    {
      key: 'reason',
      header: t('reason'),
      cell: (r) => (isReason(r.reason) ? t(`reasons.${r.reason}`) : r.reason),
    },
    { key: 'note', header: t('note'), cell: (r) => r.note },
    {
      key: 'createdAt',
      header: t('createdAt'),
      cell: (r) =>
        `${format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}${r.createdByName ? ` · ${r.createdByName}` : ''}`,
    },
    {
      key: 'removedAt',
      header: t('removedAt'),
      cell: (r) =>
        r.removedAt
          ? `${format.dateTime(r.removedAt, { dateStyle: 'short', timeStyle: 'short' })}${r.removedByName ? ` · ${r.removedByName}` : ''}`
          : '',
    },
    {
      key: 'actions',
      header: t('actions'),
      hideHeader: true,
      align: 'end',
      cell: (r) =>
        r.removedAt ? null : (
          <Button
            variant="secondary"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('removeConfirm', { address: r.address }))) remove.mutate({ id: r.id });
            }}
          >
            {t('remove')}
          </Button>
        ),
    },
  ];
  return (
    <div className="space-y-4">
      <form onSubmit={onAdd} className="flex flex-wrap items-start gap-3" aria-label={t('add')}>
        <Field label={t('address')}>
          {(control) => (
            <Input
              {...control}
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              className="w-64"
            />
          )}
        </Field>
        <Field label={t('reason')}>
          {(control) => (
            <Select
              {...control}
              value={reason}
              onChange={(e) => setReason(isReason(e.target.value) ? e.target.value : 'staff')}
            >
              {REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`reasons.${r}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t('note')}>
          {(control) => (
            <Input
              {...control}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              className="w-64"
            />
          )}
        </Field>
        <Button type="submit" className="mt-6" disabled={!address.trim() || add.isPending}>
          {t('add')}
        </Button>
      </form>
      <div className="flex flex-wrap items-end gap-4">
        <Field label={t('search')}>
          {(control) => (
            <Input
              {...control}
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              className="w-64"
            />
          )}
        </Field>
        <Checkbox
          label={t('includeRemoved')}
          checked={includeRemoved}
          onChange={(e) => setIncludeRemoved(e.target.checked)}
        />
      </div>
      <Table
        label={t('title')}
        columns={columns}
        rows={list.data?.rows ?? []}
        rowKey={(r) => r.id}
        empty={t('empty')}
      />
    </div>
  );
}

function isReason(value: string): value is Reason {
  return (REASONS as readonly string[]).includes(value);
}
