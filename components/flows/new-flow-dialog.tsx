'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { FLOW_TEMPLATES, findTemplate } from '@/workflows/dsl/templates';

type Kind = (typeof FLOW_TEMPLATES)[number]['kind'];

/** Create a blank flow or one from a template; template references take the organismo's first queue/area/schedule. */
export function NewFlowDialog({ kinds }: { kinds: readonly Kind[] }) {
  const t = useTranslations('flows');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('inbound_voice');
  const [templateId, setTemplateId] = useState('');
  const resources = useQuery(trpc.flows.resources.queryOptions());
  const create = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: (flow) => router.push(`/flows/${flow.id}`),
      onError: () => toast.error(t('createFailed')),
    }),
  );
  const template = templateId ? findTemplate(templateId) : undefined;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // A template takes the organismo's queue, area and schedule: wait for them rather than leave them empty.
    if (!name.trim() || (template && resources.isPending)) return;
    const r = resources.data;
    const graph = template?.build({
      queueId: r?.queues[0]?.id ?? '',
      areaId: r?.areas[0]?.id ?? '',
      scheduleId: r?.schedules[0]?.id ?? '',
    });
    create.mutate({ name: name.trim(), kind: template?.kind ?? kind, ...(graph ? { graph } : {}) });
  };
  return (
    <>
      <Button aria-haspopup="dialog" onClick={() => setOpen(true)}>
        <Plus aria-hidden className="size-4" />
        {t('new')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('new')}
        onSubmit={onSubmit}
        submitLabel={t('create')}
        submitDisabled={!name.trim() || create.isPending || Boolean(template && resources.isPending)}
      >
        <Field label={t('name')}>
          {(control) => (
            <Input
              {...control}
              required
              maxLength={120}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="space-y-2 text-sm">
          <legend className="font-medium text-slate-700">{t('startFrom')}</legend>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name="template"
              checked={templateId === ''}
              onChange={() => setTemplateId('')}
              className="mt-1 accent-brand-600"
            />
            <span>{t('blank')}</span>
          </label>
          {FLOW_TEMPLATES.map((tpl) => (
            <label key={tpl.id} className="flex items-start gap-2">
              <input
                type="radio"
                name="template"
                checked={templateId === tpl.id}
                onChange={() => setTemplateId(tpl.id)}
                className="mt-1 accent-brand-600"
              />
              <span>
                <span className="font-medium">{tpl.name[locale]}</span>
                <span className="block text-xs text-slate-600">{tpl.description[locale]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {template ? (
          <p className="text-xs text-slate-600">{t('templateHint')}</p>
        ) : (
          <Field label={t('kind')}>
            {(control) => (
              <Select
                {...control}
                value={kind}
                onChange={(e) => setKind(kinds.find((k) => k === e.target.value) ?? 'inbound_voice')}
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`kinds.${k}`)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
      </Dialog>
    </>
  );
}
