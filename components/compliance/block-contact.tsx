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

/** "Bloquear contacto": records the citizen's art. 27 request on the organismo's do-not-contact register. */
export function BlockContact({ citizenId }: { citizenId: string }) {
  const t = useTranslations('compliance.block');
  const tCommon = useTranslations('common');
  const trpc = useTRPC();
  const [note, setNote] = useState('');
  const block = useMutation(
    trpc.compliance.blockCitizen.mutationOptions({
      onSuccess: (r) => {
        setNote('');
        toast.success(t('done', { count: r.blocked }));
      },
      onError: () => toast.error(tCommon('unexpectedError')),
    }),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    block.mutate({ citizenId, note });
  };
  return (
    <Card title={t('title')}>
      <p className="mb-3 text-sm text-slate-700">{t('description')}</p>
      <form onSubmit={onSubmit} className="flex flex-wrap items-start gap-3">
        <Field label={t('note')}>
          {(control) => (
            <Input
              {...control}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              className="w-72"
            />
          )}
        </Field>
        <Button type="submit" variant="danger" className="mt-6" disabled={block.isPending}>
          {t('action')}
        </Button>
      </form>
    </Card>
  );
}
