'use client';

import { GitCompare } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { CompareVersion } from './compare-version';
import { DRAFT, defaultPair, isValidPair, type Side, sideOf, targetsFor } from './version-pair';

/** Pick any two sides (a base version, and another version or the draft) and draw their differences on the canvas. */
export function CompareVersionsForm({ versions, compare }: { versions: number[]; compare: CompareVersion }) {
  const t = useTranslations('editorVersions');
  const id = useId();
  const proposed = defaultPair(versions);
  const [chosen, setChosen] = useState<{ base: Side; target: Side } | null>(null);
  const pair = chosen && isValidPair(chosen, versions) ? chosen : proposed;
  if (!pair) return null;
  const label = (side: Side) => (side === DRAFT ? t('draft') : t('version', { version: side }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void compare.compare(pair.base, pair.target);
  };
  const pick = (which: 'base' | 'target', value: string) => {
    const side = sideOf(value);
    if (side === null) return;
    const next = { ...pair, [which]: side };
    // Choosing as base what was the target swaps them rather than comparing a version with itself.
    if (which === 'base' && next.target === side) next.target = pair.base;
    setChosen(next);
  };
  const select = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm';
  return (
    <form
      onSubmit={onSubmit}
      aria-label={t('formLabel')}
      className="space-y-2 border-b border-slate-200 p-3"
      data-testid="compare-versions"
    >
      <p className="text-sm font-medium text-slate-800">{t('formTitle')}</p>
      <div className="flex items-end gap-2">
        <label htmlFor={`${id}-base`} className="flex-1 text-xs text-slate-700">
          {t('base')}
          <select
            id={`${id}-base`}
            value={pair.base}
            onChange={(e) => pick('base', e.target.value)}
            className={select}
          >
            {[...versions]
              .sort((a, b) => b - a)
              .map((v) => (
                <option key={v} value={v}>
                  {label(v)}
                </option>
              ))}
          </select>
        </label>
        <label htmlFor={`${id}-target`} className="flex-1 text-xs text-slate-700">
          {t('target')}
          <select
            id={`${id}-target`}
            value={pair.target}
            onChange={(e) => pick('target', e.target.value)}
            className={select}
          >
            {targetsFor(pair.base, versions).map((side) => (
              <option key={side} value={side}>
                {label(side)}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary" size="sm" disabled={compare.loading !== null}>
          <GitCompare aria-hidden className="size-4" />
          {t('compare')}
        </Button>
      </div>
    </form>
  );
}
