'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { type Column, Table } from '@/components/ui/table';
import { useTableState } from '@/components/ui/use-table-state';
import type { RouterOutputs } from '@/server/api/types';

type KeyRow = RouterOutputs['apiKeys']['list'][number];

export function ApiKeysManager({ initial }: { initial: KeyRow[] }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions(undefined, { initialData: initial }));
  const [name, setName] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (created) => {
        setToken(created.token);
        setName('');
        toast.success(t('apiKeys.created'));
        await refresh();
      },
      onError: () => toast.error(t('common.unexpectedError')),
    }),
  );
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        toast.success(t('apiKeys.revokedToast'));
        await refresh();
      },
      onError: () => toast.error(t('common.unexpectedError')),
    }),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate({ name: name.trim() });
  };
  const columns: Column<KeyRow>[] = [
    {
      key: 'name',
      header: t('apiKeys.name'),
      sortValue: (k) => k.name,
      className: 'font-medium',
      cell: (k) => k.name,
    },
    {
      key: 'prefix',
      header: t('apiKeys.prefix'),
      className: 'font-mono text-xs',
      cell: (k) => `cauce_${k.prefix}_…`,
    },
    {
      key: 'createdAt',
      header: t('apiKeys.createdAt'),
      sortValue: (k) => k.createdAt,
      firstDirection: 'desc',
      cell: (k) => format.dateTime(k.createdAt, { dateStyle: 'short', timeStyle: 'short' }),
    },
    {
      key: 'lastUsed',
      header: t('apiKeys.lastUsed'),
      sortValue: (k) => k.lastUsedAt,
      firstDirection: 'desc',
      cell: (k) =>
        k.lastUsedAt
          ? format.dateTime(k.lastUsedAt, { dateStyle: 'short', timeStyle: 'short' })
          : t('apiKeys.never'),
    },
    {
      key: 'actions',
      header: t('apiKeys.revoke'),
      hideHeader: true,
      align: 'end',
      cell: (k) =>
        k.revokedAt ? (
          <span className="text-slate-500">{t('apiKeys.revoked')}</span>
        ) : (
          <Button variant="secondary" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: k.id })}>
            {t('apiKeys.revoke')}
          </Button>
        ),
    },
  ];
  const view = useTableState({
    rows: keys.data ?? initial,
    columns,
    initialSort: { key: 'createdAt', direction: 'desc' },
  });
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="flex items-end gap-3">
        <Field label={t('apiKeys.name')}>
          {(control) => (
            <Input
              {...control}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t('apiKeys.namePlaceholder')}
              maxLength={80}
              className="w-72"
            />
          )}
        </Field>
        <Button type="submit" disabled={!name.trim() || create.isPending}>
          {t('apiKeys.create')}
        </Button>
      </form>
      {token ? (
        <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          <p className="font-medium">{t('apiKeys.token')}</p>
          <code className="mt-1 block break-all font-mono" data-testid="new-api-key">
            {token}
          </code>
        </div>
      ) : null}
      <Table
        label={t('apiKeys.title')}
        columns={columns}
        rows={view.rows}
        rowKey={(k) => k.id}
        empty={t('apiKeys.empty')}
        sort={view.sort}
        onSortChange={view.onSortChange}
      />
    </div>
  );
}
