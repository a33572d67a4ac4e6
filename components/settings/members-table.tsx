'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { type Column, Table } from '@/components/ui/table';
import { useTableState } from '@/components/ui/use-table-state';
import { ROLES, type Role } from '@/lib/roles';
import type { RouterOutputs } from '@/server/api/types';

type MemberRow = RouterOutputs['members']['list'][number];

export function MembersTable({ initial }: { initial: MemberRow[] }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.members.list.queryOptions(undefined, { initialData: initial }));
  // Roles ticked but not saved yet, per member: the checkboxes and the row's «Guardar» share them.
  const [drafts, setDrafts] = useState<Record<string, Role[]>>({});
  const rolesOf = (m: MemberRow) => drafts[m.memberId] ?? m.roles;
  const forget = (memberId: string) => setDrafts(({ [memberId]: _, ...rest }) => rest);
  const save = useMutation(
    trpc.members.setRoles.mutationOptions({
      onSuccess: async (_, input) => {
        const member = (members.data ?? initial).find((m) => m.memberId === input.memberId);
        toast.success(t('members.saved', { name: member?.name ?? '' }));
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
        forget(input.memberId);
      },
      onError: (err, input) => {
        toast.error(
          err.data?.appCode === 'LAST_ADMIN' ? t('members.lastAdmin') : t('common.unexpectedError'),
        );
        forget(input.memberId);
      },
    }),
  );
  const columns: Column<MemberRow>[] = [
    {
      key: 'name',
      header: t('members.name'),
      sortValue: (m) => m.name,
      className: 'font-medium',
      cell: (m) => m.name,
    },
    {
      key: 'email',
      header: t('members.email'),
      sortValue: (m) => m.email,
      className: 'text-slate-600',
      cell: (m) => m.email,
    },
    {
      key: 'roles',
      header: t('members.roles'),
      cell: (m) => {
        const roles = rolesOf(m);
        return (
          <>
            <fieldset className="flex flex-wrap gap-3">
              <legend className="sr-only">{t('members.roles')}</legend>
              {ROLES.map((role) => (
                <Checkbox
                  key={role}
                  label={t(`roles.${role}`)}
                  checked={roles.includes(role)}
                  onChange={(e) => {
                    const on = e.target.checked;
                    setDrafts((d) => ({
                      ...d,
                      [m.memberId]: ROLES.filter((r) => (r === role ? on : roles.includes(r))),
                    }));
                  }}
                />
              ))}
            </fieldset>
            {roles.length === 0 ? (
              <p className="mt-1 text-xs text-red-700">{t('members.atLeastOne')}</p>
            ) : null}
          </>
        );
      },
    },
    {
      key: 'save',
      header: t('common.save'),
      hideHeader: true,
      align: 'end',
      cell: (m) => {
        const roles = rolesOf(m);
        return (
          <Button
            variant="secondary"
            disabled={
              roles.join() === m.roles.join() ||
              roles.length === 0 ||
              (save.isPending && save.variables?.memberId === m.memberId)
            }
            onClick={() => save.mutate({ memberId: m.memberId, roles })}
          >
            {t('common.save')}
          </Button>
        );
      },
    },
  ];
  const view = useTableState({
    rows: members.data ?? initial,
    columns,
    initialSort: { key: 'name', direction: 'asc' },
    pageSize: 25,
    pageSizes: [25, 50, 100],
  });
  return (
    <Table
      label={t('members.title')}
      columns={columns}
      rows={view.rows}
      rowKey={(m) => m.memberId}
      rowProps={(m) => ({ 'data-testid': `member-${m.email}` })}
      empty={t('common.none')}
      sort={view.sort}
      onSortChange={view.onSortChange}
      {...(view.pagination ? { pagination: view.pagination } : {})}
    />
  );
}
