'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { appCodeOf } from '@/components/editor/use-autosave';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { type Column, Table } from '@/components/ui/table';
import { useTableState } from '@/components/ui/use-table-state';
import type { RouterOutputs } from '@/server/api/types';

type SecretRow = RouterOutputs['secrets']['list'][number];

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The organismo's secrets: names and dates only; a value is written once and never shown again. */
export function SecretsManager({ initial }: { initial: SecretRow[] }) {
  const t = useTranslations('secrets');
  const tCommon = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useQuery(trpc.secrets.list.queryOptions(undefined, { initialData: initial }));
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [replacing, setReplacing] = useState<SecretRow | null>(null);
  const [newValue, setNewValue] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey() });
  const failed = (err: unknown) =>
    toast.error(appCodeOf(err) === 'SECRET_NAME_TAKEN' ? t('nameTaken') : tCommon('unexpectedError'));
  const create = useMutation(
    trpc.secrets.create.mutationOptions({
      onSuccess: async () => {
        setName('');
        setValue('');
        toast.success(t('created'));
        await refresh();
      },
      onError: failed,
    }),
  );
  const replace = useMutation(
    trpc.secrets.replace.mutationOptions({
      onSuccess: async () => {
        setReplacing(null);
        setNewValue('');
        toast.success(t('replaced'));
        await refresh();
      },
      onError: failed,
    }),
  );
  const remove = useMutation(
    trpc.secrets.delete.mutationOptions({
      onSuccess: async () => {
        toast.success(t('deleted'));
        await refresh();
      },
      onError: failed,
    }),
  );
  const nameError = name.trim() && !NAME.test(name.trim()) ? t('nameInvalid') : undefined;
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    if (NAME.test(name.trim()) && value) create.mutate({ name: name.trim(), value });
  };
  const onReplace = (e: FormEvent) => {
    e.preventDefault();
    if (replacing && newValue) replace.mutate({ id: replacing.id, value: newValue });
  };
  const columns: Column<SecretRow>[] = [
    {
      key: 'name',
      header: t('name'),
      sortValue: (s) => s.name,
      className: 'font-mono',
      cell: (s) => s.name,
    },
    {
      key: 'usage',
      header: t('usage'),
      className: 'font-mono text-xs text-slate-600',
      cell: (s) => `{{secret.${s.name}}}`,
    },
    {
      key: 'updatedAt',
      header: t('updatedAt'),
      sortValue: (s) => s.updatedAt,
      firstDirection: 'desc',
      cell: (s) => format.dateTime(s.updatedAt, { dateStyle: 'short', timeStyle: 'short' }),
    },
    {
      key: 'actions',
      header: t('actions'),
      hideHeader: true,
      align: 'end',
      cell: (s) => (
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setReplacing(s)}>
            {t('replace')}
          </Button>
          <Button
            variant="secondary"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('deleteConfirm', { name: s.name }))) remove.mutate({ id: s.id });
            }}
          >
            {t('delete')}
          </Button>
        </div>
      ),
    },
  ];
  const view = useTableState({
    rows: secrets.data ?? initial,
    columns,
    initialSort: { key: 'name', direction: 'asc' },
  });
  return (
    <div className="space-y-4">
      <form onSubmit={onCreate} className="flex flex-wrap items-start gap-3">
        <Field label={t('name')} hint={t('nameHint')} error={nameError}>
          {(control) => (
            <Input
              {...control}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="TOKEN_TURNOS"
              maxLength={64}
              className="w-64 font-mono"
            />
          )}
        </Field>
        <Field label={t('value')} hint={t('valueHint')}>
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="off"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              maxLength={4000}
              className="w-72"
            />
          )}
        </Field>
        <Button
          type="submit"
          className="mt-6"
          disabled={!NAME.test(name.trim()) || !value || create.isPending}
        >
          {t('create')}
        </Button>
      </form>
      {replacing ? (
        <form
          onSubmit={onReplace}
          className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 p-3"
        >
          <Field label={t('replaceTitle', { name: replacing.name })}>
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="off"
                value={newValue}
                onChange={(e) => setNewValue(e.target.value)}
                maxLength={4000}
                className="w-72"
              />
            )}
          </Field>
          <Button type="submit" disabled={!newValue || replace.isPending}>
            {t('save')}
          </Button>
          <Button variant="secondary" onClick={() => setReplacing(null)}>
            {t('cancel')}
          </Button>
        </form>
      ) : null}
      <Table
        label={t('title')}
        columns={columns}
        rows={view.rows}
        rowKey={(s) => s.id}
        empty={t('empty')}
        sort={view.sort}
        onSortChange={view.onSortChange}
      />
    </div>
  );
}
