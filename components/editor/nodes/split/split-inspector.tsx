'use client';

import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import type { InspectorOverrideProps } from '../inspector-overrides';
import { ConditionRow } from './condition-row';
import { emptyCondition, moveItem, newCase, readSplitCases, type SplitCase } from './split-cases';

const INPUT =
  'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm aria-[invalid=true]:border-red-500';
/** The split node's cases as readable rows: name of the output, all/any, and one line per condition. */
export function SplitInspector({ value, onChange, ctx }: InspectorOverrideProps) {
  const t = useTranslations('editorCanvas.split');
  const variablesListId = useId();
  const cases = readSplitCases(value);
  const { readOnly, fieldErrors } = ctx;
  const save = (next: SplitCase[], field: string) => onChange({ ...value, cases: next }, field);
  const setCase = (i: number, c: SplitCase, field: string) =>
    save(
      cases.map((old, j) => (j === i ? c : old)),
      field,
    );
  const listError = fieldErrors.get('cases');
  return (
    <div className="space-y-3" data-testid="split-inspector">
      <p className="text-xs text-slate-600">{t('help')}</p>
      {listError ? <p className="text-xs text-red-700">{listError}</p> : null}
      <ol className="space-y-3">
        {cases.map((c, i) => {
          const n = i + 1;
          const path = `cases.${i}`;
          const labelId = `${variablesListId}-label-${i}`;
          const matchId = `${variablesListId}-match-${i}`;
          const caseError =
            fieldErrors.get(path) ?? fieldErrors.get(`${path}.id`) ?? fieldErrors.get(`${path}.when`);
          const labelError = fieldErrors.get(`${path}.label`);
          return (
            <li key={c.id}>
              <fieldset
                className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2"
                data-field={path}
                tabIndex={-1}
              >
                <legend className="px-1 text-sm font-semibold text-slate-900">{t('case', { n })}</legend>
                {caseError ? <p className="text-xs text-red-700">{caseError}</p> : null}
                <div>
                  <label htmlFor={labelId} className="text-sm font-medium text-slate-800">
                    {t('caseLabel')}
                  </label>
                  <input
                    id={labelId}
                    data-field={`${path}.label`}
                    value={c.label}
                    maxLength={60}
                    disabled={readOnly}
                    aria-invalid={labelError ? true : undefined}
                    onChange={(e) => setCase(i, { ...c, label: e.target.value }, `${path}.label`)}
                    className={INPUT}
                  />
                  {labelError ? <p className="mt-1 text-xs text-red-700">{labelError}</p> : null}
                </div>
                <div>
                  <label htmlFor={matchId} className="text-sm font-medium text-slate-800">
                    {t('match')}
                  </label>
                  <select
                    id={matchId}
                    data-field={`${path}.when.match`}
                    value={c.when.match}
                    disabled={readOnly}
                    onChange={(e) =>
                      setCase(
                        i,
                        { ...c, when: { ...c.when, match: e.target.value === 'any' ? 'any' : 'all' } },
                        `${path}.when.match`,
                      )
                    }
                    className={INPUT}
                  >
                    <option value="all">{t('matchAll')}</option>
                    <option value="any">{t('matchAny')}</option>
                  </select>
                </div>
                <ul aria-label={t('conditions', { n })} className="space-y-1" data-field={`${path}.when`}>
                  {c.when.conditions.map((condition, j) => {
                    const cpath = `${path}.when.conditions.${j}`;
                    const error =
                      fieldErrors.get(cpath) ??
                      fieldErrors.get(`${cpath}.variable`) ??
                      fieldErrors.get(`${cpath}.operator`) ??
                      fieldErrors.get(`${cpath}.value`);
                    return (
                      <ConditionRow
                        // Conditions have no identity of their own; the index is their address in the config.
                        // biome-ignore lint/suspicious/noArrayIndexKey: see above
                        key={j}
                        index={j}
                        condition={condition}
                        path={cpath}
                        variablesListId={variablesListId}
                        error={error}
                        readOnly={readOnly}
                        canRemove={c.when.conditions.length > 1}
                        onChange={(next, field) =>
                          setCase(
                            i,
                            {
                              ...c,
                              when: {
                                ...c.when,
                                conditions: c.when.conditions.map((o, k) => (k === j ? next : o)),
                              },
                            },
                            field,
                          )
                        }
                        onRemove={() =>
                          setCase(
                            i,
                            {
                              ...c,
                              when: { ...c.when, conditions: c.when.conditions.filter((_, k) => k !== j) },
                            },
                            `${path}.when.conditions`,
                          )
                        }
                      />
                    );
                  })}
                </ul>
                {readOnly ? null : (
                  <div className="flex flex-wrap gap-1">
                    <Button
                      variant="secondary"
                      size="xs"
                      disabled={c.when.conditions.length >= 20}
                      onClick={() =>
                        setCase(
                          i,
                          { ...c, when: { ...c.when, conditions: [...c.when.conditions, emptyCondition()] } },
                          `${path}.when.conditions`,
                        )
                      }
                    >
                      <Plus aria-hidden className="size-3" />
                      {t('addCondition')}
                    </Button>
                    <Button
                      variant="secondary"
                      size="xs"
                      aria-label={t('moveUp', { n })}
                      title={t('moveUp', { n })}
                      disabled={i === 0}
                      onClick={() => save(moveItem(cases, i, i - 1), 'cases')}
                    >
                      <ArrowUp aria-hidden className="size-3" />
                    </Button>
                    <Button
                      variant="secondary"
                      size="xs"
                      aria-label={t('moveDown', { n })}
                      title={t('moveDown', { n })}
                      disabled={i === cases.length - 1}
                      onClick={() => save(moveItem(cases, i, i + 1), 'cases')}
                    >
                      <ArrowDown aria-hidden className="size-3" />
                    </Button>
                    <Button
                      variant="danger"
                      size="xs"
                      disabled={cases.length <= 1}
                      onClick={() =>
                        save(
                          cases.filter((_, k) => k !== i),
                          'cases',
                        )
                      }
                    >
                      <Trash2 aria-hidden className="size-3" />
                      {t('removeCase', { n })}
                    </Button>
                  </div>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {readOnly ? null : (
        <Button
          variant="secondary"
          size="xs"
          disabled={cases.length >= 20}
          onClick={() => save([...cases, newCase(cases, t('newCase', { n: cases.length + 1 }))], 'cases')}
        >
          <Plus aria-hidden className="size-3" />
          {t('addCase')}
        </Button>
      )}
      <p className="text-xs text-slate-600">{t('else')}</p>
      <datalist id={variablesListId}>
        {ctx.variables.map((v) => (
          <option key={v.path} value={v.path} />
        ))}
      </datalist>
    </div>
  );
}
