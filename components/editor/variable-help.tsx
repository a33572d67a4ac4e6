'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { ValueType } from '@/workflows/dsl/filters';
import type { AvailableVariable } from '@/workflows/kinds/variable-analysis';
import { filterExample, filtersFor, placeholder } from './variable-help-items';

/**
 * «Variables disponibles» under a template field: exactly what every path to the node defines, with
 * its type, whether it may be empty, and the filters that apply with an example of each. A click
 * inserts the placeholder where the cursor is in the field.
 */
export function VariableHelp({
  variables,
  onInsert,
}: {
  variables: AvailableVariable[];
  onInsert: (text: string) => void;
}) {
  const t = useTranslations('editor.variableHelp');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  if (variables.length === 0) return null;
  return (
    <details className="mt-1 text-xs text-slate-700">
      <summary className="cursor-pointer select-none text-slate-600">
        {t('title', { count: variables.length })}
      </summary>
      <ul className="mt-1 space-y-1" aria-label={t('listLabel')}>
        {variables.map((v) => (
          <li key={v.path} className="rounded bg-slate-50 p-1">
            <div className="flex flex-wrap items-center gap-1">
              <button
                type="button"
                className="rounded bg-slate-100 px-1 font-mono text-slate-800 hover:bg-brand-100"
                aria-label={t('insert', { variable: v.path })}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => onInsert(placeholder(v.path))}
              >
                {placeholder(v.path)}
              </button>
              <span className="text-slate-500">{typeLabel(t, v.type)}</span>
              {v.maybeEmpty ? <span className="text-amber-800">{t('maybeEmpty')}</span> : null}
            </div>
            <div className="mt-0.5 flex flex-wrap gap-1">
              {filtersFor(v).map((f) => (
                <button
                  key={f}
                  type="button"
                  className="rounded border border-slate-200 px-1 font-mono text-slate-700 hover:bg-brand-50"
                  aria-label={t('insertFiltered', {
                    variable: v.path,
                    filter: f,
                    example: filterExample(f, locale),
                  })}
                  title={t('example', { example: filterExample(f, locale) })}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => onInsert(placeholder(v.path, f))}
                >
                  |{f} → {filterExample(f, locale)}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}

type Translate = ReturnType<typeof useTranslations<'editor.variableHelp'>>;

function typeLabel(t: Translate, type: ValueType | null): string {
  return t('type', { type: type ?? 'unknown' });
}
