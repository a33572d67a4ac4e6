'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
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
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="flex items-end gap-3">
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-700">{t('apiKeys.name')}</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('apiKeys.namePlaceholder')}
            maxLength={80}
            className="mt-1 w-72 rounded-md border border-slate-300 px-3 py-2"
          />
        </label>
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
      {(keys.data ?? initial).length === 0 ? (
        <p className="text-sm text-slate-600">{t('apiKeys.empty')}</p>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('apiKeys.name')}</th>
                <th className="px-4 py-2 font-medium">{t('apiKeys.prefix')}</th>
                <th className="px-4 py-2 font-medium">{t('apiKeys.createdAt')}</th>
                <th className="px-4 py-2 font-medium">{t('apiKeys.lastUsed')}</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {(keys.data ?? initial).map((k) => (
                <tr key={k.id}>
                  <td className="px-4 py-2 font-medium">{k.name}</td>
                  <td className="px-4 py-2 font-mono text-xs">cauce_{k.prefix}_…</td>
                  <td className="px-4 py-2">
                    {format.dateTime(k.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
                  </td>
                  <td className="px-4 py-2">
                    {k.lastUsedAt
                      ? format.dateTime(k.lastUsedAt, { dateStyle: 'short', timeStyle: 'short' })
                      : t('apiKeys.never')}
                  </td>
                  <td className="px-4 py-2 text-right">
                    {k.revokedAt ? (
                      <span className="text-slate-500">{t('apiKeys.revoked')}</span>
                    ) : (
                      <Button
                        variant="secondary"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate({ id: k.id })}
                      >
                        {t('apiKeys.revoke')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
