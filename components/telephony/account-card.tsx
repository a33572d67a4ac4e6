'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input, type InputProps } from '@/components/ui/input';
import { type TelephonyOverview, useErrorToast, useTelephony } from './use-telephony';

/** The organismo's own Twilio subaccount (the token is write-only) and its senders. */
export function AccountCard({ initial }: { initial: TelephonyOverview }) {
  const t = useTranslations('telephony');
  const trpc = useTRPC();
  const { data, refresh } = useTelephony(initial);
  const onError = useErrorToast();
  const { account } = data;
  const [sid, setSid] = useState(account.subaccountSid ?? '');
  const [token, setToken] = useState('');
  const [messagingServiceSid, setMessagingServiceSid] = useState(account.messagingServiceSid ?? '');
  const [callerId, setCallerId] = useState(account.defaultCallerId ?? '');
  const configured = account.authToken.configured && account.subaccountSid !== null;

  const save = useMutation(
    trpc.telephony.saveSubaccount.mutationOptions({
      onSuccess: async () => {
        // The token is never shown again, not even in this form.
        setToken('');
        toast.success(t('subaccount.saved'));
        await refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.telephony.removeSubaccount.mutationOptions({
      onSuccess: async () => {
        setSid('');
        toast.success(t('subaccount.removed'));
        await refresh();
      },
      onError,
    }),
  );
  const saveSenders = useMutation(
    trpc.telephony.saveSenders.mutationOptions({
      onSuccess: async () => {
        toast.success(t('senders.saved'));
        await refresh();
      },
      onError,
    }),
  );
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ subaccountSid: sid.trim(), authToken: token.trim() });
  };
  const onSaveSenders = (e: FormEvent) => {
    e.preventDefault();
    saveSenders.mutate({ messagingServiceSid: messagingServiceSid.trim(), defaultCallerId: callerId.trim() });
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title={t('subaccount.title')}>
        <p className="mb-3 text-sm text-slate-600">{t('subaccount.help')}</p>
        <div role="status" data-testid="subaccount-status" className="mb-4 space-y-1 text-sm">
          <p>
            {configured
              ? t('subaccount.using', { sid: account.subaccountSid ?? '' })
              : data.platformConfigured
                ? t('subaccount.usingPlatform')
                : t('subaccount.usingPlatformMissing')}
          </p>
          <p data-testid="auth-token-mask">
            {t('subaccount.tokenStatus', {
              status: configured
                ? t('subaccount.tokenConfigured', { last4: account.authToken.last4 ?? '' })
                : t('subaccount.tokenMissing'),
            })}
          </p>
        </div>
        <form onSubmit={onSave} className="space-y-3">
          <MonoField
            label={t('subaccount.sid')}
            value={sid}
            onChange={(e) => setSid(e.target.value)}
            placeholder="AC…"
            autoComplete="off"
            maxLength={34}
          />
          <MonoField
            label={t('subaccount.token')}
            type="password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder={t('subaccount.tokenPlaceholder')}
            autoComplete="new-password"
            maxLength={64}
          />
          <div className="flex gap-3">
            <Button type="submit" disabled={!sid.trim() || !token.trim() || save.isPending}>
              {t('subaccount.save')}
            </Button>
            {configured ? (
              <Button variant="secondary" disabled={remove.isPending} onClick={() => remove.mutate()}>
                {t('subaccount.remove')}
              </Button>
            ) : null}
          </div>
        </form>
      </Card>
      <Card title={t('senders.title')}>
        <p className="mb-3 text-sm text-slate-600">{t('senders.help')}</p>
        <form onSubmit={onSaveSenders} className="space-y-3">
          <MonoField
            label={t('senders.messagingService')}
            value={messagingServiceSid}
            onChange={(e) => setMessagingServiceSid(e.target.value)}
            placeholder="MG…"
            autoComplete="off"
            maxLength={34}
          />
          <MonoField
            label={t('senders.callerId')}
            value={callerId}
            onChange={(e) => setCallerId(e.target.value)}
            placeholder="+543424000000"
            inputMode="tel"
            maxLength={30}
          />
          <Button type="submit" disabled={saveSenders.isPending}>
            {t('senders.save')}
          </Button>
        </form>
      </Card>
    </div>
  );
}

/** A labelled one-line input for identifiers and secrets (monospace, no autocorrect). */
function MonoField({ label, ...input }: { label: string } & InputProps) {
  return (
    <Field label={label}>
      {(control) => <Input spellCheck={false} {...input} {...control} className="w-80 font-mono" />}
    </Field>
  );
}
