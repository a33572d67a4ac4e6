'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { ROLES, type Role } from '@/lib/roles';
import type { RouterOutputs } from '@/server/api/types';

type MemberRow = RouterOutputs['members']['list'][number];

export function MembersTable({ initial }: { initial: MemberRow[] }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions(undefined, { initialData: initial }));
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-4 py-2 font-medium">{t('members.name')}</th>
            <th className="px-4 py-2 font-medium">{t('members.email')}</th>
            <th className="px-4 py-2 font-medium">{t('members.roles')}</th>
            <th className="px-4 py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {(members.data ?? initial).map((m) => (
            <MemberRoles key={m.memberId} member={m} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberRoles({ member }: { member: MemberRow }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(member.roles);
  const dirty = roles.join() !== member.roles.join();
  const save = useMutation(
    trpc.members.setRoles.mutationOptions({
      onSuccess: async () => {
        toast.success(t('members.saved', { name: member.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
      },
      onError: (err) => {
        toast.error(
          err.data?.appCode === 'LAST_ADMIN' ? t('members.lastAdmin') : t('common.unexpectedError'),
        );
        setRoles(member.roles);
      },
    }),
  );
  return (
    <tr data-testid={`member-${member.email}`}>
      <td className="px-4 py-2 font-medium">{member.name}</td>
      <td className="px-4 py-2 text-slate-600">{member.email}</td>
      <td className="px-4 py-2">
        <fieldset className="flex flex-wrap gap-3">
          <legend className="sr-only">{t('members.roles')}</legend>
          {ROLES.map((role) => (
            <label key={role} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) =>
                  setRoles((prev) => ROLES.filter((r) => (r === role ? e.target.checked : prev.includes(r))))
                }
              />
              {t(`roles.${role}`)}
            </label>
          ))}
        </fieldset>
        {roles.length === 0 ? <p className="mt-1 text-xs text-red-700">{t('members.atLeastOne')}</p> : null}
      </td>
      <td className="px-4 py-2 text-right">
        <Button
          variant="secondary"
          disabled={!dirty || roles.length === 0 || save.isPending}
          onClick={() => save.mutate({ memberId: member.memberId, roles })}
        >
          {t('common.save')}
        </Button>
      </td>
    </tr>
  );
}
