'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';

export function OrganizationSwitcher({
  organizations,
  activeId,
}: {
  organizations: { id: string; name: string }[];
  activeId: string | null;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const switchOrg = useMutation(
    trpc.me.switchOrganization.mutationOptions({
      onSuccess: (_data, variables) => {
        const name = organizations.find((o) => o.id === variables.organizationId)?.name ?? '';
        toast.success(t('shell.switched', { name }));
        // Every page and cached query reads the active organismo: start over from home with a full load.
        window.location.assign('/');
      },
      onError: () => toast.error(t('common.unexpectedError')),
    }),
  );
  if (organizations.length < 2) {
    return (
      <span className="text-sm font-medium text-slate-800" data-testid="active-organization">
        {organizations[0]?.name}
      </span>
    );
  }
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span className="sr-only">{t('shell.switchOrganization')}</span>
      <select
        aria-label={t('shell.switchOrganization')}
        data-testid="active-organization"
        value={activeId ?? ''}
        disabled={switchOrg.isPending}
        onChange={(e) => switchOrg.mutate({ organizationId: e.target.value })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium text-slate-800"
      >
        {organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
