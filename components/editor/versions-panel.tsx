'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { CompareButton, useCompareVersion } from './compare-version';

export function VersionsPanel({ flowId, readOnly }: { flowId: string; readOnly: boolean }) {
  const t = useTranslations('editor');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.flows.versions.queryOptions({ flowId }));
  const rollback = useMutation(
    trpc.flows.rollback.mutationOptions({
      onSuccess: async (row) => {
        toast.success(t('rolledBack', { version: row.version }));
        await queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ flowId }) });
      },
      onError: () => toast.error(t('actionFailed')),
    }),
  );
  const compare = useCompareVersion(flowId);
  const rows = versions.data ?? [];
  if (versions.isPending) return <p className="p-4 text-sm text-slate-600">{t('loading')}</p>;
  if (rows.length === 0) return <p className="p-4 text-sm text-slate-600">{t('noVersions')}</p>;
  const latest = rows[0]?.version;
  return (
    <ol className="divide-y divide-slate-100 p-2" data-testid="versions">
      {rows.map((v) => (
        <li key={v.id} className="p-2 text-sm">
          <p className="font-medium">
            {t('versionLabel', { version: v.version })}
            {v.version === latest ? (
              <span className="ml-2 rounded bg-emerald-100 px-1 text-xs">{t('current')}</span>
            ) : null}
          </p>
          {v.rolledBackFrom ? (
            <p className="text-slate-600">{t('restoresVersion', { version: v.rolledBackFrom })}</p>
          ) : null}
          {v.note ? <p className="text-slate-700">{v.note}</p> : null}
          <p className="text-xs text-slate-600">
            {format.dateTime(v.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
            {v.authorName ? ` · ${v.authorName}` : ''}
          </p>
          <CompareButton version={v.version} compare={compare} />
          {readOnly || v.version === latest ? null : (
            <button
              type="button"
              className="mt-1 text-xs text-brand-700 hover:underline"
              disabled={rollback.isPending}
              onClick={() => {
                if (window.confirm(t('rollbackConfirm', { version: v.version }))) {
                  rollback.mutate({ flowId, version: v.version });
                }
              }}
            >
              {t('rollback', { version: v.version })}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
