'use client';

import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { RouterOutputs } from '@/server/api/types';

type Status = RouterOutputs['compliance']['noLlameStatus'];

/** The newest No Llame list (date, age, a warning past 30 days) and an admin's upload of a new one. */
export function NoLlamePanel({ initial }: { initial: Status }) {
  const t = useTranslations('compliance.noLlame');
  const format = useFormatter();
  const trpc = useTRPC();
  const status = useQuery(trpc.compliance.noLlameStatus.queryOptions(undefined, { initialData: initial }));
  const data = status.data ?? initial;
  const [file, setFile] = useState<File | null>(null);
  const [registryDate, setRegistryDate] = useState('');
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || !registryDate) return;
    setBusy(true);
    try {
      const query = new URLSearchParams({ registryDate, fileName: file.name });
      const res = await fetch(`/api/compliance/no-llame?${query}`, { method: 'POST', body: file });
      const body: { numbers?: number; invalid?: number; error?: string } = await res.json();
      if (res.ok) toast.success(t('imported', { numbers: body.numbers ?? 0, invalid: body.invalid ?? 0 }));
      else toast.error(res.status === 403 ? t('adminOnly') : t('failed', { code: body.error ?? res.status }));
      await status.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-6">
      <section aria-labelledby="no-llame-latest" className="space-y-2 rounded-md border border-slate-200 p-4">
        <h2 id="no-llame-latest" className="font-medium">
          {t('latest')}
        </h2>
        {data.latest ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
            <dt className="text-slate-600">{t('registryDate')}</dt>
            <dd data-testid="no-llame-date">{data.latest.registryDate}</dd>
            <dt className="text-slate-600">{t('age')}</dt>
            <dd data-testid="no-llame-age">{t('ageDays', { days: data.ageDays ?? 0 })}</dd>
            <dt className="text-slate-600">{t('numbers')}</dt>
            <dd>{format.number(data.latest.numbers)}</dd>
            <dt className="text-slate-600">{t('importedAt')}</dt>
            <dd>{format.dateTime(data.latest.importedAt, { dateStyle: 'short', timeStyle: 'short' })}</dd>
          </dl>
        ) : (
          <p className="text-sm">{t('none')}</p>
        )}
        {data.stale ? (
          <p role="alert" className="rounded bg-amber-50 p-2 text-sm text-amber-900">
            {t('stale', { days: data.maxAgeDays })}
          </p>
        ) : null}
        {data.importing ? <p className="text-sm text-slate-700">{t('importing')}</p> : null}
      </section>
      <form onSubmit={onSubmit} className="flex flex-wrap items-start gap-3" aria-label={t('upload')}>
        <Field label={t('registryDate')}>
          {(control) => (
            <Input
              {...control}
              type="date"
              value={registryDate}
              onChange={(e) => setRegistryDate(e.target.value)}
              className="w-44"
            />
          )}
        </Field>
        <Field label={t('file')}>
          {(control) => (
            <Input
              {...control}
              type="file"
              accept=".csv,.txt,text/csv,text/plain"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              className="w-80"
            />
          )}
        </Field>
        <Button type="submit" className="mt-6" disabled={!file || !registryDate || busy}>
          {t('submit')}
        </Button>
      </form>
    </div>
  );
}
