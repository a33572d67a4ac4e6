'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/select';
import { type TelephonyOverview, useErrorToast } from './use-telephony';

type Phone = TelephonyOverview['numbers'][number];
type Flow = TelephonyOverview['flows'][number];
type NumberBinding = 'voice_number' | 'message_number';

const BINDING_TYPES = new Set(['voice_number', 'message_number', 'keyword']);

/**
 * The flows a number starts, each with an unbind button, and a select of the published flows it
 * can still start: calls start an inbound-call flow, messages an inbound-message flow.
 */
export function BindingCell({
  phone,
  flows,
  onChanged,
}: {
  phone: Phone;
  flows: Flow[];
  onChanged: () => Promise<void>;
}) {
  const t = useTranslations('telephony.numbers');
  const trpc = useTRPC();
  const onError = useErrorToast();
  const [choice, setChoice] = useState('');
  const bind = useMutation(
    trpc.flows.bind.mutationOptions({
      onSuccess: async () => {
        toast.success(t('bound'));
        setChoice('');
        await onChanged();
      },
      onError,
    }),
  );
  const unbind = useMutation(
    trpc.flows.unbind.mutationOptions({
      onSuccess: async () => {
        toast.success(t('unbound'));
        await onChanged();
      },
      onError,
    }),
  );
  const boundTypes = new Set(phone.bindings.map((b) => b.type));
  const options = flows.flatMap((f) => {
    const type: NumberBinding | null =
      f.kind === 'inbound_voice' && phone.kind === 'voice_sms'
        ? 'voice_number'
        : f.kind === 'inbound_message'
          ? 'message_number'
          : null;
    return type && !boundTypes.has(type) ? [{ value: `${type}|${f.id}`, type, flow: f }] : [];
  });
  const selected = options.find((o) => o.value === choice);
  return (
    <div className="space-y-2">
      {phone.bindings.length === 0 ? (
        <p className="text-xs text-slate-600">{t('noFlows')}</p>
      ) : (
        <ul className="space-y-1">
          {phone.bindings.map((b) => (
            <li key={b.id} className="flex items-center gap-2">
              <span>
                {t('bindAs', {
                  type: BINDING_TYPES.has(b.type) ? t(`bindingTypes.${b.type}`) : b.type,
                  flow:
                    b.type === 'keyword' ? `${b.flowName} (${b.address.split(':')[1] ?? ''})` : b.flowName,
                })}
              </span>
              <Button
                variant="ghost"
                size="xs"
                aria-label={t('unbindFlow', { flow: b.flowName, number: phone.number })}
                disabled={unbind.isPending}
                onClick={() => unbind.mutate({ id: b.id })}
              >
                {t('unbind')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {options.length > 0 ? (
        <div className="flex items-center gap-2">
          <Select
            size="sm"
            aria-label={t('bindFlow', { number: phone.number })}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            className="max-w-64"
          >
            <option value="">{t('chooseFlow')}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {t('bindAs', { type: t(`bindingTypes.${o.type}`), flow: o.flow.name })}
              </option>
            ))}
          </Select>
          <Button
            variant="secondary"
            size="xs"
            disabled={!selected || bind.isPending}
            onClick={() =>
              selected &&
              bind.mutate({ flowId: selected.flow.id, type: selected.type, address: phone.number })
            }
          >
            {t('bind')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
