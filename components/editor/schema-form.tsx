'use client';

import { useTranslations } from 'next-intl';
import { useId, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { VOICES } from '@/lib/voices';
import type { AvailableVariable } from '@/workflows/kinds/variable-analysis';
import type { EditorResources } from './compile-resources';
import { emptyValue, type FieldSpec } from './field-spec';
import { isRecord } from './node-catalog';
import { VariableHelp } from './variable-help';

export type FormContext = {
  resources: EditorResources;
  /** Variables defined on every path to the node, typed, offered in template fields. */
  variables: AvailableVariable[];
  /** Problem message by field path, shown under the field it belongs to. */
  fieldErrors: Map<string, string>;
  readOnly: boolean;
};

type FieldProps = {
  spec: FieldSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  path: string;
  label: string;
  ctx: FormContext;
};

/** The config form of a node, generated from its schema; each field changes one key of the config. */
export function SchemaForm({
  spec,
  value,
  onChange,
  ctx,
}: {
  spec: FieldSpec;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>, field: string) => void;
  ctx: FormContext;
}) {
  const t = useTranslations('editor');
  if (spec.type !== 'object') return <p className="text-sm text-slate-600">{t('notEditable')}</p>;
  return (
    <div className="space-y-3">
      {spec.fields.map((f) => (
        <Field
          key={f.key}
          spec={f.spec}
          value={value[f.key] ?? emptyValue(f.spec, f.defaultValue)}
          onChange={(v) => onChange({ ...value, [f.key]: v }, f.key)}
          path={f.key}
          label={fieldLabel(t, f.key)}
          ctx={ctx}
        />
      ))}
    </div>
  );
}

type Translate = ReturnType<typeof useTranslations<'editor'>>;

function fieldLabel(t: Translate, key: string): string {
  return t.has(`fields.${key}`) ? t(`fields.${key}`) : key;
}

function Field({ spec, value, onChange, path, label, ctx }: FieldProps) {
  const t = useTranslations('editor');
  const id = useId();
  const error = ctx.fieldErrors.get(path);
  const errorId = `${id}-error`;
  const textRef = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const common = {
    id,
    'data-field': path,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
    disabled: ctx.readOnly,
  };
  const input =
    'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500';
  const errorLine = error ? (
    <p id={errorId} className="mt-1 text-xs text-red-700">
      {error}
    </p>
  ) : null;

  switch (spec.type) {
    case 'string': {
      const text = typeof value === 'string' ? value : '';
      if (spec.resource) {
        const options = ctx.resources[spec.resource];
        return (
          <Labelled id={id} label={label}>
            <select {...common} className={input} value={text} onChange={(e) => onChange(e.target.value)}>
              <option value="">{t('choose')}</option>
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            {errorLine}
          </Labelled>
        );
      }
      return (
        <Labelled id={id} label={label}>
          {spec.multiline ? (
            <textarea
              {...common}
              ref={(el) => {
                textRef.current = el;
              }}
              className={input}
              rows={3}
              value={text}
              onChange={(e) => onChange(e.target.value)}
            />
          ) : (
            <input
              {...common}
              ref={(el) => {
                textRef.current = el;
              }}
              className={input}
              value={text}
              maxLength={spec.maxLength ?? undefined}
              onChange={(e) => onChange(e.target.value)}
            />
          )}
          {errorLine}
          {spec.template && !ctx.readOnly ? (
            <VariableHelp
              variables={ctx.variables}
              onInsert={(snippet) => onChange(insertAtCursor(textRef.current, text, snippet))}
            />
          ) : null}
        </Labelled>
      );
    }
    case 'number': {
      const shown = typeof value === 'number' ? String(value) : '';
      return (
        <Labelled id={id} label={label}>
          <input
            {...common}
            type="number"
            className={input}
            value={shown}
            min={spec.min ?? undefined}
            max={spec.max ?? undefined}
            step={spec.integer ? 1 : 'any'}
            placeholder={spec.constant ?? undefined}
            onChange={(e) => {
              const raw = e.target.value;
              if (raw === '') onChange(spec.constant ?? (spec.nullable ? null : (spec.min ?? 0)));
              else if (Number.isFinite(Number(raw))) onChange(Number(raw));
            }}
          />
          {errorLine}
        </Labelled>
      );
    }
    case 'boolean':
      return (
        <div>
          <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              {...common}
              type="checkbox"
              checked={value === true}
              onChange={(e) => onChange(e.target.checked)}
            />
            {label}
          </label>
          {errorLine}
        </div>
      );
    case 'enum':
      return (
        <Labelled id={id} label={label}>
          <select
            {...common}
            className={input}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => onChange(e.target.value)}
          >
            {spec.options.map((o) => (
              <option key={o} value={o}>
                {optionLabel(t, o)}
              </option>
            ))}
          </select>
          {errorLine}
        </Labelled>
      );
    case 'list': {
      const items = Array.isArray(value) ? value : [];
      const full = spec.maxItems !== null && items.length >= spec.maxItems;
      return (
        <fieldset className="rounded-md border border-slate-200 p-2" data-field={path} tabIndex={-1}>
          <legend className="px-1 text-sm font-medium text-slate-800">{label}</legend>
          {errorLine}
          <ol className="space-y-2">
            {items.map((item, i) => (
              // Items have no identity of their own; the index is their address in the config.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i} className="rounded border border-slate-100 bg-slate-50 p-2">
                <Field
                  spec={spec.item}
                  value={item}
                  onChange={(v) => onChange(items.map((old, j) => (j === i ? v : old)))}
                  path={`${path}.${i}`}
                  label={`${label} ${i + 1}`}
                  ctx={ctx}
                />
                {ctx.readOnly || items.length <= spec.minItems ? null : (
                  <Button
                    variant="danger-link"
                    size="xs"
                    className="mt-1"
                    onClick={() => onChange(items.filter((_, j) => j !== i))}
                  >
                    {t('removeItem', { label: `${label} ${i + 1}` })}
                  </Button>
                )}
              </li>
            ))}
          </ol>
          {ctx.readOnly ? null : (
            <Button
              variant="secondary"
              size="xs"
              disabled={full}
              className="mt-2"
              onClick={() => onChange([...items, emptyValue(spec.item)])}
            >
              {t('addItem', { label })}
            </Button>
          )}
        </fieldset>
      );
    }
    case 'object': {
      const record = isRecord(value) ? value : {};
      return (
        <div className="space-y-2" data-field={path}>
          {spec.fields.map((f) => (
            <Field
              key={f.key}
              spec={f.spec}
              value={record[f.key] ?? emptyValue(f.spec, f.defaultValue)}
              onChange={(v) => onChange({ ...record, [f.key]: v })}
              path={`${path}.${f.key}`}
              label={fieldLabel(t, f.key)}
              ctx={ctx}
            />
          ))}
        </div>
      );
    }
    case 'unsupported':
      return <p className="text-xs text-slate-600">{t('notEditable')}</p>;
  }
}

function Labelled({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
    </div>
  );
}

function optionLabel(t: Translate, value: string): string {
  const voice = VOICES.find((v) => v.id === value);
  if (voice) return voice.label;
  return t.has(`options.${value}`) ? t(`options.${value}`) : value;
}

/**
 * The text with `snippet` put where the cursor is when the field has the focus (the help's buttons
 * keep it there), else at the end; the cursor then follows the snippet.
 */
function insertAtCursor(
  el: HTMLInputElement | HTMLTextAreaElement | null,
  text: string,
  snippet: string,
): string {
  const focused = el !== null && el.ownerDocument.activeElement === el;
  const start = focused ? (el.selectionStart ?? text.length) : text.length;
  const end = focused ? (el.selectionEnd ?? start) : start;
  const caret = start + snippet.length;
  requestAnimationFrame(() => {
    el?.focus();
    el?.setSelectionRange(caret, caret);
  });
  return text.slice(0, start) + snippet + text.slice(end);
}
