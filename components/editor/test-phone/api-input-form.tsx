'use client';

import { Play } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button';
import { type ApiInput, type ApiInputProblem, apiInputFromForm, parseApiInput } from '@/lib/api-input';
import { type ApiFieldType, apiTrigger } from '@/workflows/nodes/trigger-api/definition';

export type { ApiInput } from '@/lib/api-input';
export type ApiField = { name: string; required: boolean; type: ApiFieldType };

/** The inputs an API trigger declares, as its config holds them (nothing when it does not parse yet). */
export function apiFieldsOf(config: Record<string, unknown> | undefined): ApiField[] {
  const parsed = apiTrigger.schema.safeParse(config ?? {});
  return parsed.success ? parsed.data.fields : [];
}

const INPUT_TYPE: Record<Exclude<ApiFieldType, 'boolean'>, string> = {
  text: 'text',
  number: 'number',
  date: 'date',
  phone: 'tel',
};

/**
 * The data another system would post to start an API flow: one typed field per declared input.
 * Its values become the test run's `input.*`, and are saved with a scenario.
 */
export function ApiInputForm({
  fields,
  pending,
  onStart,
}: {
  fields: ApiField[];
  pending: boolean;
  onStart: (input: ApiInput) => void;
}) {
  const t = useTranslations('testScenarios.apiInput');
  const tOptions = useTranslations('editor.options');
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [problem, setProblem] = useState<ApiInputProblem | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // The API's own rules, so the form refuses here what the server would refuse.
    const parsed = parseApiInput(fields, apiInputFromForm(fields, values));
    setProblem(parsed.ok ? null : parsed.problem);
    if (parsed.ok) onStart(parsed.input);
  };
  return (
    <form onSubmit={submit} className="space-y-2" aria-label={t('title')} data-testid="test-phone-api-input">
      <h3 className="text-xs font-semibold text-slate-700">{t('title')}</h3>
      <p className="text-xs text-slate-600">{t('intro')}</p>
      {fields.length === 0 ? <p className="text-xs text-slate-600">{t('none')}</p> : null}
      {fields.map((f) => {
        const label = `${f.name} · ${tOptions(f.type)}${f.required ? ` (${t('required')})` : ''}`;
        if (f.type === 'boolean') {
          return (
            <label key={f.name} className="flex items-center gap-2 text-xs text-slate-700">
              <input
                type="checkbox"
                checked={values[f.name] === true}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.checked }))}
              />
              {label}
            </label>
          );
        }
        const current = values[f.name];
        return (
          <label key={f.name} className="block text-xs text-slate-700">
            {label}
            <input
              type={INPUT_TYPE[f.type]}
              required={f.required}
              step={f.type === 'number' ? 'any' : undefined}
              placeholder={f.type === 'phone' ? '+5493424000001' : undefined}
              value={typeof current === 'string' ? current : ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              className="mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm"
            />
          </label>
        );
      })}
      {problem ? (
        <p role="alert" className="text-xs text-red-700">
          {problem.code === 'missing'
            ? t('missing', { fields: problem.fields.join(', ') })
            : t('tooLarge', { max: problem.maxChars })}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} className="w-full">
        <Play aria-hidden className="size-4" />
        {t('start')}
      </Button>
    </form>
  );
}
