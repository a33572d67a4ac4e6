'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button, buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import {
  type CustomFieldDef,
  headerKey,
  type ListMapping,
  proposeMapping,
} from '@/lib/contact-lists/mapping';
import { rowPlan } from '@/lib/contact-lists/row';
import { MappingStep } from './mapping-step';
import { type FileSample, hashFile, readSample, uploadFile } from './read-file';

type CustomField = CustomFieldDef & { id: string; label: string };
type Duplicate = { id: string; name: string };
type Phase =
  | { step: 'file' }
  | { step: 'mapping' }
  | { step: 'upload'; listId: string; uploaded: number; done: boolean; failed: boolean };

/**
 * File → mapping with a preview of the stored rows → upload with progress. The file is read only
 * in slices here (the header and first rows for the mapping, chunks for its sha256); the upload
 * sends it as the request body and the server streams it.
 */
export function UploadWizard({ initialFields }: { initialFields: CustomField[] }) {
  const t = useTranslations('contactLists');
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<Phase>({ step: 'file' });
  const [file, setFile] = useState<File | null>(null);
  const [sample, setSample] = useState<FileSample | null>(null);
  const [unreadable, setUnreadable] = useState(false);
  const [sha256, setSha256] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [allowDuplicate, setAllowDuplicate] = useState(false);
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [fields, setFields] = useState<CustomField[]>(initialFields);
  const [mapping, setMapping] = useState<ListMapping>({});
  const [checking, setChecking] = useState(false);

  const onFile = async (picked: File | null) => {
    setFile(picked);
    setSample(null);
    setDuplicate(null);
    setAllowDuplicate(false);
    setSha256(null);
    setUnreadable(false);
    if (!picked) return;
    if (!name) setName(picked.name.replace(/\.[^.]+$/, ''));
    const read = await readSample(picked);
    if (!read) {
      setUnreadable(true);
      return;
    }
    setSample(read);
    setMapping(proposeMapping(read.header, fields));
    setChecking(true);
    try {
      const hash = await hashFile(picked);
      setSha256(hash);
      const [match] = await queryClient.fetchQuery(
        trpc.contactLists.findByHash.queryOptions({ sha256: hash }),
      );
      setDuplicate(match ? { id: match.id, name: match.name } : null);
    } finally {
      setChecking(false);
    }
  };

  const create = useMutation(trpc.contactLists.create.mutationOptions());
  const start = async () => {
    if (!file) return;
    try {
      const list = await create.mutateAsync({
        name: name.trim(),
        purpose: purpose.trim(),
        fileName: file.name,
        sha256,
        mapping,
        allowDuplicate,
      });
      setPhase({ step: 'upload', listId: list.id, uploaded: 0, done: false, failed: false });
      const outcome = await uploadFile(`/api/contact-lists/${list.id}/upload`, file, (fraction) =>
        setPhase((p) => (p.step === 'upload' ? { ...p, uploaded: fraction } : p)),
      );
      setPhase((p) =>
        p.step === 'upload' ? { ...p, uploaded: 1, done: true, failed: outcome.status !== 200 } : p,
      );
      await queryClient.invalidateQueries({ queryKey: trpc.contactLists.get.queryKey({ id: list.id }) });
    } catch (err) {
      const appCode = appCodeOf(err);
      if (appCode === 'LIST_DUPLICATE') setPhase({ step: 'file' });
      toast.error(appCode === 'LIST_DUPLICATE' ? t('wizard.duplicateTitle') : t('wizard.failed'));
      setPhase((p) => (p.step === 'upload' ? { ...p, done: true, failed: true } : p));
    }
  };

  const planOk = sample ? rowPlan(sample.header, mapping, fields).ok : false;
  const blockedByDuplicate = duplicate !== null && !allowDuplicate;
  const fileReady = sample !== null && !checking && !blockedByDuplicate && name.trim() && purpose.trim();
  const stepNumber = phase.step === 'file' ? 1 : phase.step === 'mapping' ? 2 : 3;

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">{t('wizard.steps', { step: stepNumber })}</p>
      {phase.step === 'file' ? (
        <Card title={t('wizard.fileStep')}>
          <form
            className="space-y-4"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (fileReady) setPhase({ step: 'mapping' });
            }}
          >
            <Field label={t('wizard.chooseFile')} hint={t('wizard.fileHelp')}>
              {(control) => (
                <input
                  {...control}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  className="text-sm"
                  data-testid="list-file"
                  onChange={(e) => void onFile(e.target.files?.[0] ?? null)}
                />
              )}
            </Field>
            {unreadable ? (
              <p role="alert" className="text-sm text-red-800">
                {t('wizard.unreadable')}
              </p>
            ) : null}
            {checking ? <p className="text-sm text-slate-600">{t('wizard.checking')}</p> : null}
            {duplicate && !allowDuplicate ? (
              <div role="alert" className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
                <p className="font-medium">{t('wizard.duplicateTitle')}</p>
                <p>{t('wizard.duplicateBody', { name: duplicate.name })}</p>
                <div className="flex gap-3">
                  <Link
                    href={`/campaigns/lists/${duplicate.id}`}
                    className={buttonClass({ variant: 'secondary' })}
                  >
                    {t('wizard.useExisting')}
                  </Link>
                  <Button variant="secondary" onClick={() => setAllowDuplicate(true)}>
                    {t('wizard.importAgain')}
                  </Button>
                </div>
              </div>
            ) : null}
            <Field label={t('wizard.name')}>
              {(control) => (
                <Input {...control} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
              )}
            </Field>
            <Field label={t('wizard.purpose')} hint={t('wizard.purposeHint')}>
              {(control) => (
                <Input
                  {...control}
                  value={purpose}
                  maxLength={80}
                  onChange={(e) => setPurpose(e.target.value)}
                />
              )}
            </Field>
            <Button type="submit" disabled={!fileReady}>
              {t('wizard.next')}
            </Button>
          </form>
        </Card>
      ) : null}
      {phase.step === 'mapping' && sample ? (
        <Card title={t('wizard.mappingStep')}>
          <MappingStep
            sample={sample}
            mapping={mapping}
            onMappingChange={setMapping}
            fields={fields}
            onFieldCreated={(field) => {
              setFields((f) => [...f, field]);
              // A field made for a column (the placeholder's suggestion) is mapped to it at once.
              const column = sample.header.find((h) => !mapping[h] && h && field.key === headerKey(h));
              if (column) setMapping((m) => ({ ...m, [column]: `field:${field.key}` }));
            }}
          />
          <div className="mt-6 flex gap-3">
            <Button variant="secondary" onClick={() => setPhase({ step: 'file' })}>
              {t('wizard.previous')}
            </Button>
            <Button disabled={!planOk || create.isPending} onClick={() => void start()}>
              {t('wizard.start')}
            </Button>
          </div>
        </Card>
      ) : null}
      {phase.step === 'upload' ? <UploadProgress phase={phase} format={format} /> : null}
    </div>
  );
}

function appCodeOf(err: unknown): string | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data: unknown = err.data;
  if (typeof data !== 'object' || data === null || !('appCode' in data)) return null;
  return typeof data.appCode === 'string' ? data.appCode : null;
}

function UploadProgress({
  phase,
  format,
}: {
  phase: Extract<Phase, { step: 'upload' }>;
  format: ReturnType<typeof useFormatter>;
}) {
  const t = useTranslations('contactLists');
  const trpc = useTRPC();
  // Rows processed come from contact_list.processed_rows, which each written batch moves.
  const list = useQuery(
    trpc.contactLists.get.queryOptions(
      { id: phase.listId },
      {
        refetchInterval: (q) =>
          q.state.data?.status === 'ready' || q.state.data?.status === 'failed' ? false : 1000,
      },
    ),
  );
  const percent = Math.round(phase.uploaded * 100);
  const data = list.data;
  const finished = data?.status === 'ready' || data?.status === 'failed';
  return (
    <Card title={t('wizard.uploadStep')}>
      <div className="space-y-4" aria-live="polite">
        <div>
          <p className="text-sm text-slate-700">{t('wizard.uploading', { percent })}</p>
          <progress className="w-full" max={100} value={percent} aria-label={t('wizard.uploadBar')} />
        </div>
        <div>
          <p className="text-sm text-slate-700" data-testid="rows-processed">
            {t('wizard.processing', { processed: data?.processedRows ?? 0 })}
          </p>
          <progress
            className="w-full"
            aria-label={t('wizard.rowsBar')}
            {...(finished ? { max: 1, value: 1 } : {})}
          />
        </div>
        {finished && data ? (
          <div className="space-y-3">
            <p role="status" className={data.status === 'ready' ? 'text-emerald-800' : 'text-red-800'}>
              {data.status === 'ready'
                ? t('wizard.done', { valid: data.validRows, errors: data.errorRows })
                : t('wizard.failed')}
            </p>
            <p className="text-sm text-slate-600">
              {format.number(data.mergedRows)} {t('detail.merged').toLowerCase()}
            </p>
            <Link href={`/campaigns/lists/${phase.listId}`} className={buttonClass({})}>
              {t('wizard.viewList')}
            </Link>
          </div>
        ) : null}
        {phase.done && phase.failed && !finished ? (
          <p role="alert" className="text-red-800">
            {t('wizard.failed')}
          </p>
        ) : null}
      </div>
    </Card>
  );
}
