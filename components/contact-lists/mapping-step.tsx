'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import {
  CITIZEN_TARGETS,
  type CustomFieldDef,
  FIELD_TYPES,
  type FieldType,
  headerKey,
  type ListMapping,
} from '@/lib/contact-lists/mapping';
import { normalizeRow, ROW_REASONS, rowPlan, type StoredRow } from '@/lib/contact-lists/row';
import type { PhoneKind } from '@/lib/phones/phone';
import type { FileSample } from './read-file';

type CustomField = CustomFieldDef & { id: string; label: string };

/**
 * Columns → citizen fields or the organismo's custom fields (a new one can be made here), and the
 * first rows as the import will store them: the same normalizeRow the server runs.
 */
export function MappingStep({
  sample,
  mapping,
  onMappingChange,
  fields,
  onFieldCreated,
}: {
  sample: FileSample;
  mapping: ListMapping;
  onMappingChange: (mapping: ListMapping) => void;
  fields: CustomField[];
  onFieldCreated: (field: CustomField) => void;
}) {
  const t = useTranslations('contactLists');
  const planned = useMemo(() => rowPlan(sample.header, mapping, fields), [sample, mapping, fields]);
  const targetLabel = (target: string) => {
    const citizen = CITIZEN_TARGETS.find((c) => c === target);
    if (citizen) return t(`targets.${citizen}`);
    const field = fields.find((f) => `field:${f.key}` === target);
    return field ? field.label || field.key : target;
  };
  const reasonText = (reason: string) => {
    const known = ROW_REASONS.find((r) => r === reason);
    return known ? t(`report.reasons.${known}`) : reason;
  };
  const mapped = sample.header.filter((h) => mapping[h]);
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">{t('wizard.mappingTitle')}</h2>
        <p className="text-sm text-slate-600">{t('wizard.mappingHelp')}</p>
      </div>
      <table className="w-full text-sm" data-testid="mapping">
        <thead>
          <tr className="text-left text-slate-600">
            <th className="py-1 pr-4 font-medium">{t('wizard.column')}</th>
            <th className="py-1 pr-4 font-medium">{t('wizard.target')}</th>
            <th className="py-1 font-medium">{t('wizard.sample')}</th>
          </tr>
        </thead>
        <tbody>
          {sample.header.map((header, i) => (
            <tr key={header} className="border-t border-slate-100">
              <td className="py-1 pr-4 font-medium">{header}</td>
              <td className="py-1 pr-4">
                <Select
                  aria-label={`${t('wizard.target')}: ${header}`}
                  value={mapping[header] ?? ''}
                  onChange={(e) => onMappingChange({ ...mapping, [header]: e.target.value })}
                  data-testid={`map-${headerKey(header)}`}
                >
                  <option value="">{t('targets.ignore')}</option>
                  <optgroup label={t('targets.citizenGroup')}>
                    {CITIZEN_TARGETS.map((c) => (
                      <option key={c} value={c}>
                        {t(`targets.${c}`)}
                      </option>
                    ))}
                  </optgroup>
                  {fields.length > 0 ? (
                    <optgroup label={t('targets.customGroup')}>
                      {fields.map((f) => (
                        <option key={f.key} value={`field:${f.key}`}>
                          {`${f.label || f.key} (${t(`fieldTypes.${f.type}`)})`}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                </Select>
              </td>
              <td className="max-w-xs truncate py-1 font-mono text-xs text-slate-700">
                {sample.rows[0]?.cells[i] ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewFieldForm onCreated={onFieldCreated} suggestion={sample.header.find((h) => !mapping[h]) ?? ''} />
      <section aria-labelledby="preview-title" className="space-y-2">
        <h2 id="preview-title" className="text-base font-semibold text-slate-900">
          {t('wizard.previewTitle')}
        </h2>
        {!planned.ok ? (
          <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {t('wizard.noIdentifier')}
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="preview">
              <thead>
                <tr className="text-left text-slate-600">
                  <th className="py-1 pr-3 font-medium">{t('wizard.row')}</th>
                  {mapped.map((h) => (
                    <th key={h} className="py-1 pr-3 font-medium">
                      {targetLabel(mapping[h] ?? '')}
                    </th>
                  ))}
                  <th className="py-1 font-medium">{t('columns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {sample.rows.map(({ row, cells }) => {
                  const result = normalizeRow(cells, planned.plan);
                  return (
                    <tr key={row} className="border-t border-slate-100" data-testid={`preview-row-${row}`}>
                      <td className="py-1 pr-3 tabular-nums">{row}</td>
                      {mapped.map((h) => (
                        <td key={h} className="py-1 pr-3 font-mono text-xs">
                          {result.ok
                            ? storedValue(result.row, mapping[h] ?? '', (k) => t(`phoneKinds.${k}`))
                            : (cells[sample.header.indexOf(h)] ?? '')}
                        </td>
                      ))}
                      <td className="py-1 text-xs">
                        {result.ok ? (
                          <span className="text-emerald-800">{t('wizard.rowOk')}</span>
                        ) : (
                          <span className="text-red-800">
                            {result.errors
                              .map((e) => `${e.column ? `${e.column}: ` : ''}${reasonText(e.reason)}`)
                              .join('; ')}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function storedValue(row: StoredRow, target: string, kindLabel: (kind: PhoneKind) => string): string {
  const yesNo = (v: unknown) => (v === true ? '✓' : v === false ? '✗' : String(v ?? ''));
  switch (target) {
    case 'dni':
      return row.dni ?? '';
    case 'first_name':
      return row.firstName;
    case 'last_name':
      return row.lastName;
    case 'phone':
      return row.phone ? `${row.phone} (${kindLabel(row.phoneKind ?? 'fixed_or_mobile')})` : '';
    case 'email':
      return row.email ?? '';
    case 'locality':
      return row.locality ?? '';
    case 'birth_date':
      return row.birthDate ?? '';
    default:
      return yesNo(row.fields[target.slice('field:'.length)]);
  }
}

function NewFieldForm({
  onCreated,
  suggestion,
}: {
  onCreated: (field: CustomField) => void;
  suggestion: string;
}) {
  const t = useTranslations('contactLists.wizard');
  const tt = useTranslations('contactLists.fieldTypes');
  const trpc = useTRPC();
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<FieldType>('date');
  const create = useMutation(
    trpc.contactLists.createField.mutationOptions({
      onSuccess: (field) => {
        toast.success(t('fieldCreated', { key: field.key }));
        onCreated(field);
        setKey('');
        setLabel('');
      },
      onError: (err) => toast.error(err.data?.appCode === 'FIELD_KEY_TAKEN' ? t('fieldTaken') : err.message),
    }),
  );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ key: key || headerKey(suggestion), type, label });
  };
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-2 rounded-md border border-slate-200 p-3"
      aria-label={t('newFieldTitle')}
    >
      <h3 className="text-sm font-medium text-slate-800">{t('newFieldTitle')}</h3>
      <p className="text-xs text-slate-600">{t('newFieldHelp')}</p>
      <div className="flex flex-wrap items-end gap-3">
        <Field label={t('newFieldKey')}>
          {(control) => (
            <Input
              {...control}
              value={key}
              placeholder={headerKey(suggestion)}
              pattern="[a-z][a-z0-9_]{0,39}"
              onChange={(e) => setKey(e.target.value)}
              className="w-48"
            />
          )}
        </Field>
        <Field label={t('newFieldLabel')}>
          {(control) => (
            <Input {...control} value={label} onChange={(e) => setLabel(e.target.value)} className="w-48" />
          )}
        </Field>
        <Field label={t('newFieldType')}>
          {(control) => (
            <Select
              {...control}
              value={type}
              onChange={(e) => setType(FIELD_TYPES.find((f) => f === e.target.value) ?? 'text')}
            >
              {FIELD_TYPES.map((f) => (
                <option key={f} value={f}>
                  {tt(f)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button
          type="submit"
          variant="secondary"
          disabled={create.isPending || !(key || headerKey(suggestion))}
        >
          {t('createField')}
        </Button>
      </div>
    </form>
  );
}
