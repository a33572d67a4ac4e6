'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { RouterOutputs } from '@/server/api/types';

type Policy = RouterOutputs['retention']['policy'];
type Kind = keyof Policy;
const KINDS: readonly Kind[] = ['recordings', 'transcripts', 'messageBodies'];
const MAX_DAYS = 3650;

/** Days per kind of personal data the organismo keeps; "keep" leaves the kind out of the purge. */
export function RetentionCard({ initial, defaults }: { initial: Policy; defaults: Policy }) {
  const t = useTranslations('organizationSettings.retention');
  const trpc = useTRPC();
  const [days, setDays] = useState<Record<Kind, string>>({
    recordings: String(initial.recordings ?? defaults.recordings ?? ''),
    transcripts: String(initial.transcripts ?? defaults.transcripts ?? ''),
    messageBodies: String(initial.messageBodies ?? defaults.messageBodies ?? ''),
  });
  const [keep, setKeep] = useState<Record<Kind, boolean>>({
    recordings: initial.recordings === null,
    transcripts: initial.transcripts === null,
    messageBodies: initial.messageBodies === null,
  });
  const save = useMutation(
    trpc.retention.savePolicy.mutationOptions({
      onSuccess: () => toast.success(t('saved')),
      onError: () => toast.error(t('failed')),
    }),
  );
  const daysOf = (kind: Kind): number | null => (keep[kind] ? null : Number(days[kind]));
  const invalid = (kind: Kind) => {
    if (keep[kind]) return false;
    const n = Number(days[kind]);
    return !Number.isInteger(n) || n < 1 || n > MAX_DAYS;
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (KINDS.some(invalid)) return;
    save.mutate({
      recordings: daysOf('recordings'),
      transcripts: daysOf('transcripts'),
      messageBodies: daysOf('messageBodies'),
    });
  };
  return (
    <Card title={t('title')}>
      <p className="mb-4 text-sm text-slate-600">{t('help')}</p>
      <form onSubmit={onSubmit} className="space-y-5" data-testid="retention-form">
        {KINDS.map((kind) => (
          <fieldset key={kind} className="space-y-2">
            <legend className="text-sm font-semibold">{t(`kinds.${kind}.label`)}</legend>
            <p className="text-xs text-slate-600">
              {t(`kinds.${kind}.help`)} {t('default', { days: defaults[kind] ?? 0 })}
            </p>
            <div className="flex flex-wrap items-end gap-4">
              <Field
                label={t('days')}
                error={invalid(kind) ? t('invalid', { max: MAX_DAYS }) : undefined}
                className="w-40"
              >
                {(control) => (
                  <Input
                    {...control}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_DAYS}
                    name={`${kind}-days`}
                    value={days[kind]}
                    disabled={keep[kind]}
                    onChange={(e) => setDays((d) => ({ ...d, [kind]: e.target.value }))}
                  />
                )}
              </Field>
              <Checkbox
                label={t('keep')}
                name={`${kind}-keep`}
                checked={keep[kind]}
                onChange={(e) => setKeep((k) => ({ ...k, [kind]: e.target.checked }))}
                labelClassName="pb-2 text-sm"
              />
            </div>
          </fieldset>
        ))}
        <Button type="submit" disabled={save.isPending || KINDS.some(invalid)}>
          {t('save')}
        </Button>
      </form>
    </Card>
  );
}
