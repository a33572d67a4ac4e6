'use client';

import { X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { type Condition, OPERATORS, type Operator } from '@/workflows/dsl/conditions';
import { needsValue, withOperator } from './split-cases';

const CONTROL =
  'w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-500';

/** One comparison as a sentence: [variable] [operator] [value], with its own error line. */
export function ConditionRow({
  index,
  condition,
  path,
  variablesListId,
  error,
  readOnly,
  canRemove,
  onChange,
  onRemove,
}: {
  index: number;
  condition: Condition;
  /** Config path of this condition (cases.0.when.conditions.1), for errors and focus. */
  path: string;
  variablesListId: string;
  error: string | undefined;
  readOnly: boolean;
  canRemove: boolean;
  onChange: (condition: Condition, field: string) => void;
  onRemove: () => void;
}) {
  const t = useTranslations('editorCanvas.split');
  const options = useTranslations('editor.options');
  const n = index + 1;
  const errorId = `${path}-error`;
  const invalid = error ? true : undefined;
  const described = error ? errorId : undefined;
  return (
    <li data-field={path} tabIndex={-1}>
      <fieldset>
        <legend className="sr-only">{t('condition', { n })}</legend>
        <div className="grid grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] items-center gap-1">
          <input
            type="text"
            list={variablesListId}
            aria-label={t('variable', { n })}
            aria-invalid={invalid}
            aria-describedby={described}
            data-field={`${path}.variable`}
            value={condition.variable}
            placeholder={t('variablePlaceholder')}
            maxLength={200}
            disabled={readOnly}
            spellCheck={false}
            onChange={(e) => onChange({ ...condition, variable: e.target.value.trim() }, `${path}.variable`)}
            className={`${CONTROL} font-mono`}
          />
          <select
            aria-label={t('operator', { n })}
            data-field={`${path}.operator`}
            value={condition.operator}
            disabled={readOnly}
            onChange={(e) => {
              const operator = OPERATORS.find((o) => o === e.target.value);
              if (operator) onChange(withOperator(condition, operator), `${path}.operator`);
            }}
            className={CONTROL}
          >
            {OPERATORS.map((o: Operator) => (
              <option key={o} value={o}>
                {options(o)}
              </option>
            ))}
          </select>
          {needsValue(condition.operator) ? (
            <input
              type="text"
              aria-label={t('value', { n })}
              aria-invalid={invalid}
              aria-describedby={described}
              data-field={`${path}.value`}
              value={condition.value}
              placeholder={t('valuePlaceholder')}
              maxLength={1000}
              disabled={readOnly}
              onChange={(e) => onChange({ ...condition, value: e.target.value }, `${path}.value`)}
              className={CONTROL}
            />
          ) : (
            <span className="px-2 text-xs text-slate-600">{t('noValue')}</span>
          )}
          {readOnly ? null : (
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label={t('removeCondition', { n })}
              title={t('removeCondition', { n })}
              disabled={!canRemove}
              onClick={onRemove}
              className="hover:bg-red-50 hover:text-red-700"
            >
              <X aria-hidden className="size-4" />
            </Button>
          )}
        </div>
      </fieldset>
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}
