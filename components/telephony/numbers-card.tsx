'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { BindingCell } from './binding-cell';
import { type TelephonyOverview, useErrorToast, useTelephony } from './use-telephony';

type Kind = TelephonyOverview['numbers'][number]['kind'];
type Account = TelephonyOverview['numbers'][number]['account'];

const INPUT = 'mt-1 rounded-md border border-slate-300 px-3 py-2';

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
  return (
    <Card title={t('title')}>
      <p className="mb-3 text-sm text-slate-600">{t('help')}</p>
      {data.flows.length === 0 ? (
        <p className="mb-3 text-sm text-slate-600">{t('noPublishedFlows')}</p>
      ) : null}
      {data.numbers.length === 0 ? (
        <p className="mb-4 text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <div className="mb-4 overflow-x-auto rounded-lg border border-slate-200">
          <table className="w-full text-left text-sm" data-testid="phone-numbers">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">{t('number')}</th>
                <th className="px-4 py-2 font-medium">{t('kind')}</th>
                <th className="px-4 py-2 font-medium">{t('account')}</th>
                <th className="px-4 py-2 font-medium">{t('flows')}</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.numbers.map((n) => (
                <tr key={n.id} data-testid={`phone-number-${n.number}-${n.kind}`} className="align-top">
                  <td className="px-4 py-2">
                    <p className="font-mono">{n.number}</p>
                    {n.label ? <p className="text-xs text-slate-600">{n.label}</p> : null}
                  </td>
                  <td className="px-4 py-2">{t(`kinds.${n.kind}`)}</td>
                  <td className="px-4 py-2">{t(`accounts.${n.account}`)}</td>
                  <td className="px-4 py-2">
                    <BindingCell phone={n} flows={data.flows} onChanged={refresh} />
                  </td>
                  <td className="px-4 py-2 text-right">
                    <Button
                      variant="secondary"
                      aria-label={t('removeNumber', { number: n.number })}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ id: n.id })}
                    >
                      {t('remove')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-700">{t('number')}</span>
          <input
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder={t('numberPlaceholder')}
            inputMode="tel"
            maxLength={40}
            className={`${INPUT} w-48 font-mono`}
          />
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-700">{t('kind')}</span>
          <select value={kind} onChange={(e) => setKind(kindOf(e.target.value))} className={INPUT}>
            <option value="voice_sms">{t('kinds.voice_sms')}</option>
            <option value="whatsapp">{t('kinds.whatsapp')}</option>
          </select>
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-700">{t('account')}</span>
          <select
            value={hasSubaccount ? account : 'platform'}
            onChange={(e) => setAccount(e.target.value === 'subaccount' ? 'subaccount' : 'platform')}
            className={INPUT}
          >
            <option value="platform">{t('accounts.platform')}</option>
            <option value="subaccount" disabled={!hasSubaccount}>
              {t('accounts.subaccount')}
            </option>
          </select>
        </label>
        <label className="flex flex-col text-sm">
          <span className="font-medium text-slate-700">{t('label')}</span>
          <input
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t('labelPlaceholder')}
            maxLength={80}
            className={`${INPUT} w-56`}
          />
        </label>
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
