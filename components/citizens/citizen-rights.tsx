'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

type CitizenData = {
  id: string;
  dni: string | null;
  firstName: string;
  lastName: string;
  phones: string[];
  email: string | null;
  locality: string | null;
  birthDate: string | null;
};

/** «Derechos del titular» on the citizen's page (admins): export, rectify, erase. */
export function CitizenRights({ citizen }: { citizen: CitizenData }) {
  const t = useTranslations('citizenRights');
  const th = useTranslations('citizenHistory');
  const trpc = useTRPC();
  const router = useRouter();
  const name = `${citizen.firstName} ${citizen.lastName}`;
  const [editing, setEditing] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [form, setForm] = useState({
    firstName: citizen.firstName,
    lastName: citizen.lastName,
    dni: citizen.dni ?? '',
    phones: citizen.phones.join(', '),
    email: citizen.email ?? '',
    locality: citizen.locality ?? '',
    birthDate: citizen.birthDate ?? '',
  });

  const exportData = useMutation(
    trpc.citizens.export.mutationOptions({
      onSuccess: (doc) => {
        const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = `ciudadano-${citizen.id}.json`;
        link.click();
        URL.revokeObjectURL(url);
        toast.success(t('exported'));
      },
      onError: () => toast.error(t('exportFailed')),
    }),
  );
  const rectify = useMutation(
    trpc.citizens.rectify.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        toast.success(t('rectified'));
        router.refresh();
      },
      onError: () => toast.error(t('rectifyFailed')),
    }),
  );
  const erase = useMutation(
    trpc.citizens.erase.mutationOptions({
      onSuccess: (result) => {
        setErasing(false);
        toast.success(result.citizen === 'deleted' ? t('erased') : t('erasedShared'));
        router.push('/');
      },
      onError: () => toast.error(t('eraseFailed')),
    }),
  );
  const onRectify = (e: FormEvent) => {
    e.preventDefault();
    rectify.mutate({
      id: citizen.id,
      firstName: form.firstName,
      lastName: form.lastName,
      dni: form.dni.trim() || null,
      phones: form.phones
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
      email: form.email.trim() || null,
      locality: form.locality.trim() || null,
      birthDate: form.birthDate || null,
    });
  };
  const text = (key: keyof typeof form, label: string, type = 'text') => (
    <Field label={label}>
      {(control) => (
        <Input
          {...control}
          type={type}
          value={form[key]}
          onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
        />
      )}
    </Field>
  );

  return (
    <Card title={t('title')}>
      <p className="mb-4 text-sm text-slate-600">{t('help')}</p>
      <div className="flex flex-wrap gap-3" data-testid="citizen-rights">
        <Button
          variant="secondary"
          disabled={exportData.isPending}
          onClick={() => exportData.mutate({ id: citizen.id })}
        >
          {t('export')}
        </Button>
        <Button variant="secondary" aria-haspopup="dialog" onClick={() => setEditing(true)}>
          {t('rectify')}
        </Button>
        <Button variant="danger" aria-haspopup="dialog" onClick={() => setErasing(true)}>
          {t('erase')}
        </Button>
      </div>
      <Dialog
        open={editing}
        onClose={() => setEditing(false)}
        title={t('rectifyTitle', { name })}
        onSubmit={onRectify}
        submitLabel={t('saveRectification')}
        submitDisabled={rectify.isPending || !form.firstName.trim() || !form.lastName.trim()}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          {text('firstName', t('firstName'))}
          {text('lastName', t('lastName'))}
          {text('dni', th('dni'))}
          {text('phones', t('phones'))}
          {text('email', th('email'), 'email')}
          {text('locality', th('locality'))}
          {text('birthDate', th('birthDate'), 'date')}
        </div>
      </Dialog>
      <Dialog
        open={erasing}
        onClose={() => setErasing(false)}
        title={t('eraseTitle', { name })}
        size="sm"
        footer={
          <>
            <Button variant="secondary" onClick={() => setErasing(false)}>
              {t('cancel')}
            </Button>
            <Button
              variant="danger"
              disabled={erase.isPending}
              onClick={() => erase.mutate({ id: citizen.id })}
            >
              {t('eraseConfirm')}
            </Button>
          </>
        }
      >
        <p className="text-sm">{t('eraseBody')}</p>
      </Dialog>
    </Card>
  );
}
