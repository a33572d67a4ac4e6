'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { type Column, Table } from '@/components/ui/table';
import { useTableState } from '@/components/ui/use-table-state';
import { BindingCell } from './binding-cell';
import { type TelephonyOverview, useErrorToast, useTelephony } from './use-telephony';

type PhoneRow = TelephonyOverview['numbers'][number];
type Kind = PhoneRow['kind'];
type Account = PhoneRow['account'];

/** The organismo's numbers with the flows bound to them; add and remove numbers. */
export function NumbersCard({ initial }: { initial: TelephonyOverview }) {
  const t = useTranslations('telephony.numbers');
  const trpc = useTRPC();
  const { data, refresh } = useTelephony(initial);
  const onError = useErrorToast();
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<Kind>('voice_sms');
  const [account, setAccount] = useState<Account>('platform');
  const [label, setLabel] = useState('');
  const hasSubaccount = data.account.authToken.configured && data.account.subaccountSid !== null;
  const add = useMutation(
    trpc.telephony.addNumber.mutationOptions({
      onSuccess: async () => {
        toast.success(t('added'));
        setNumber('');
        setLabel('');
        await refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.telephony.removeNumber.mutationOptions({
      onSuccess: async () => {
        toast.success(t('removed'));
        await refresh();
      },
      onError,
    }),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!number.trim()) return;
    add.mutate({ number: number.trim(), kind, account: hasSubaccount ? account : 'platform', label });
  };
  const columns: Column<PhoneRow>[] = [
    {
      key: 'number',
      header: t('number'),
      sortValue: (n) => n.number,
      cell: (n) => (
        <>
          <p className="font-mono">{n.number}</p>
          {n.label ? <p className="text-xs text-slate-600">{n.label}</p> : null}
        </>
      ),
    },
    {
      key: 'kind',
      header: t('kind'),
      sortValue: (n) => t(`kinds.${n.kind}`),
      cell: (n) => t(`kinds.${n.kind}`),
    },
    {
      key: 'account',
      header: t('account'),
      sortValue: (n) => t(`accounts.${n.account}`),
      cell: (n) => t(`accounts.${n.account}`),
    },
    {
      key: 'flows',
      header: t('flows'),
      cell: (n) => <BindingCell phone={n} flows={data.flows} onChanged={refresh} />,
    },
    {
      key: 'actions',
      header: t('remove'),
      hideHeader: true,
      align: 'end',
      cell: (n) => (
        <Button
          variant="secondary"
          aria-label={t('removeNumber', { number: n.number })}
          disabled={remove.isPending}
          onClick={() => remove.mutate({ id: n.id })}
        >
          {t('remove')}
        </Button>
      ),
    },
  ];
  const view = useTableState({ rows: data.numbers, columns });
  return (
    <Card title={t('title')}>
      <p className="mb-3 text-sm text-slate-600">{t('help')}</p>
      {data.flows.length === 0 ? (
        <p className="mb-3 text-sm text-slate-600">{t('noPublishedFlows')}</p>
      ) : null}
      <Table
        label={t('title')}
        data-testid="phone-numbers"
        className="mb-4"
        columns={columns}
        rows={view.rows}
        rowKey={(n) => n.id}
        rowProps={(n) => ({ 'data-testid': `phone-number-${n.number}-${n.kind}`, className: 'align-top' })}
        empty={t('empty')}
        sort={view.sort}
        onSortChange={view.onSortChange}
      />
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <Field label={t('number')}>
          {(control) => (
            <Input
              {...control}
              value={number}
              onChange={(e) => setNumber(e.target.value)}
              placeholder={t('numberPlaceholder')}
              inputMode="tel"
              maxLength={40}
              className="w-48 font-mono"
            />
          )}
        </Field>
        <Field label={t('kind')}>
          {(control) => (
            <Select {...control} value={kind} onChange={(e) => setKind(kindOf(e.target.value))}>
              <option value="voice_sms">{t('kinds.voice_sms')}</option>
              <option value="whatsapp">{t('kinds.whatsapp')}</option>
            </Select>
          )}
        </Field>
        <Field label={t('account')}>
          {(control) => (
            <Select
              {...control}
              value={hasSubaccount ? account : 'platform'}
              onChange={(e) => setAccount(e.target.value === 'subaccount' ? 'subaccount' : 'platform')}
            >
              <option value="platform">{t('accounts.platform')}</option>
              <option value="subaccount" disabled={!hasSubaccount}>
                {t('accounts.subaccount')}
              </option>
            </Select>
          )}
        </Field>
        <Field label={t('label')}>
          {(control) => (
            <Input
              {...control}
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder={t('labelPlaceholder')}
              maxLength={80}
              className="w-56"
            />
          )}
        </Field>
        <Button type="submit" disabled={!number.trim() || add.isPending}>
          {t('add')}
        </Button>
      </form>
    </Card>
  );
}

function kindOf(value: string): Kind {
  return value === 'whatsapp' ? 'whatsapp' : 'voice_sms';
}
